"""The API's request parser (NinjaAPI(parser=...)): query and form fields must be text a database can hold
(see config/textguard.py; JSON bodies are checked by its middleware, since ninja hides parse_body's errors).
"""

from ninja.parser import Parser

from .textguard import refuse_unsafe_text


class SafeTextParser(Parser):
    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        refuse_unsafe_text(result)
        return result
