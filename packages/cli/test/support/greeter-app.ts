import { type Tree } from '@toolkit/test-support';

/** A one-function SAM app with two parameters that reach the function's environment. */
export const greeterApp: Tree = {
  'template.yaml': `Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting:
    Type: String
    Default: hello
  Stage:
    Type: String
    Default: dev
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Runtime: nodejs22.x
      Handler: index.handler
      Environment:
        Variables:
          GREETING: !Ref Greeting
          STAGE: !Ref Stage
Outputs:
  GreeterName:
    Value: !Ref Greeter
`,
  'src/index.mjs': 'export const handler = async () => process.env.GREETING;\n',
};
