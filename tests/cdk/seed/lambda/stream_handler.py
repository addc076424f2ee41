"""stream_handler: prints the event it receives, as the tutorial's does, so each stream record
shows up in the function's log."""
import json


def handler(event, context):
    print(json.dumps(event))
