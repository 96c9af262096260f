import greeting


def handler(event, context):
    return {"message": greeting.greet((event or {}).get("name", "python"))}
