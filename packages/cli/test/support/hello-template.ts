/** A SAM template of one Node.js function, `Hello`, whose code is the folder `hello/`. */
export const helloTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello/
      Runtime: nodejs22.x
      Handler: index.handler
`;
