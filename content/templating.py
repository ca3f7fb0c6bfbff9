"""User-written SMS bodies are Jinja2 templates, rendered only in the sandbox with StrictUndefined.

One module for the content app (checking a template before submission) and the dispatch app (rendering
each message), so the rules are the same at preview time and at send time: a missing variable is an
error, never a blank, and the sandbox refuses attribute access it considers unsafe.

The sandbox is also bounded, because a template is untrusted input that runs on the server: its length,
the size of every string, list and number it builds (checked *before* `*`, `**` and format widths
allocate), `range`, the loop iterations and steps of one render, the output, and the wall-clock time of
one render. The bounds are checked in the render's own thread (no watchdog thread per render): every
operation a template can repeat passes through a hook here, and each single operation is small because
its operands are. Crossing a bound is `TemplateTooCostly` (400) naming the bound, never a 500 or a hang.
"""

from __future__ import annotations

import contextvars
import functools
import numbers
import re
import time
from collections.abc import Callable, Sized
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, TemplateError, UndefinedError, nodes
from jinja2.environment import Template
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from core.errors import DomainError

# What a contact offers a template; dispatch passes the real contact as a dict with the same keys.
SAMPLE_CONTACT = {
    "name": "Nguyễn Văn An",
    "phone": "+84912345678",
    "province": "Bắc Giang",
}

# Bounds of one template and one render. An SMS is at most a few hundred characters, so each bound is
# generous for a real body and tiny for an attack. `SMS_TEMPLATE_RENDER_SECONDS` (settings) tunes time.
MAX_TEMPLATE_CHARS = 5_000
MAX_OUTPUT_CHARS = 3_000
MAX_VALUE_LEN = 10_000  # characters of a string, items of a list/tuple/dict, the largest `range`
MAX_ARGUMENT = 10_000  # a number passed to a filter or method (a width, a count, a repetition)
MAX_NUMBER_BITS = 64  # integers beyond ±2**64 are refused (10**19 and up)
MAX_LOOP_ITERATIONS = 10_000  # for-loop iterations of one render, all loops together
MAX_STEPS = 50_000  # calls, operators and attribute reads of one render
MAX_EMITTED_CHARS = 100_000  # characters written by one render: output, macros and set blocks
DEFAULT_RENDER_SECONDS = 1.0

_PRINTF_WIDTH = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}|\{[^{}]*\{")


class TemplateInvalid(DomainError):
    """A template that does not render in the sandbox; the message says why."""

    status_code = 422


class TemplateTooCostly(TemplateInvalid):
    """A template that crosses one of the sandbox's bounds (size, loops, time): a plain bad request."""

    status_code = 400


class _Refused(SecurityError):
    """Raised inside a render when a bound is crossed; `render` turns it into TemplateTooCostly."""


class _Budget:
    """Steps, loop iterations, output and the deadline of one render."""

    __slots__ = ("steps", "iterations", "emitted", "deadline")

    def __init__(self, seconds: float):
        self.steps = 0
        self.iterations = 0
        self.emitted = 0
        self.deadline = time.perf_counter() + seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Refused(_("mẫu thực hiện quá %(n)s bước tính") % {"n": MAX_STEPS})
        if time.perf_counter() > self.deadline:
            raise _Refused(_("mẫu hiển thị quá thời gian cho phép"))


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("mua_template_budget", default=None)


def _active() -> _Budget:
    budget = _budget.get()
    if budget is None:  # only BoundedTemplate.render opens a budget: anything else fails closed
        raise _Refused(_("mẫu chỉ được hiển thị qua hộp cát có giới hạn"))
    return budget


def _check_value(value):
    """Refuse a value too large to carry on: a long string/list, or an integer past MAX_NUMBER_BITS."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value.bit_length() > MAX_NUMBER_BITS:
        raise _Refused(_("số quá lớn (tối đa khoảng 10^19)"))
    if isinstance(value, (str, list, tuple, dict, set, range)) and len(value) > MAX_VALUE_LEN:
        raise _Refused(_("chuỗi hoặc danh sách quá dài (tối đa %(n)s phần tử)") % {"n": MAX_VALUE_LEN})
    return value


def _check_argument(value) -> None:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if not -MAX_ARGUMENT <= value <= MAX_ARGUMENT:
            raise _Refused(_("đối số quá lớn (tối đa %(n)s)") % {"n": MAX_ARGUMENT})
    _check_value(value)


def _check_printf(fmt) -> None:
    """Widths and precisions in a format string allocate before anything can be checked: bound them."""
    if not isinstance(fmt, str):
        return
    for match in _PRINTF_WIDTH.finditer(fmt):
        for number in match.groups():
            if number == "*" or (number and int(number) > MAX_ARGUMENT):
                raise _Refused(_("độ rộng định dạng quá lớn"))


def _check_format(fmt) -> None:
    """The same for `str.format`: a spec's numbers are bounded and a spec may not nest a field."""
    if not isinstance(fmt, str):
        return
    for match in _FORMAT_SPEC.finditer(fmt):
        spec = match.group(1)
        if spec is None or any(int(n) > MAX_ARGUMENT for n in re.findall(r"\d+", spec)):
            raise _Refused(_("độ rộng định dạng quá lớn"))


def _repeat_size(left, right) -> int | None:
    """Length `left * right` would have when one side is a sequence and the other a count."""
    if isinstance(left, Sized) and isinstance(right, int) and not isinstance(right, bool):
        return len(left) * max(right, 0)
    if isinstance(right, Sized) and isinstance(left, int) and not isinstance(left, bool):
        return len(right) * max(left, 0)
    return None


def _bounded_filter(func: Callable) -> Callable:
    """A filter whose extra arguments and result are bounded (its first argument is the value)."""
    offset = 1 if hasattr(func, "jinja_pass_arg") else 0

    @functools.wraps(func)  # keeps jinja_pass_arg, so Jinja still passes the context/environment
    def wrapper(*args, **kwargs):
        for arg in (*args[offset + 1 :], *kwargs.values()):
            _check_argument(arg)
        if func.__name__ == "do_format" and len(args) > offset:
            _check_printf(args[offset])
        return _check_value(func(*args, **kwargs))

    return wrapper


def _bounded_range(*args: int) -> range:
    for arg in args:
        _check_argument(arg)
    rng = range(*args)
    if len(rng) > MAX_VALUE_LEN:
        raise _Refused(_("range quá lớn (tối đa %(n)s số)") % {"n": MAX_VALUE_LEN})
    return rng


class BoundedTemplate(Template):
    """A template whose render runs under a budget and whose output is capped while it is produced."""

    def render(self, *args, **kwargs) -> str:
        seconds = float(getattr(settings, "SMS_TEMPLATE_RENDER_SECONDS", DEFAULT_RENDER_SECONDS))
        token = _budget.set(_Budget(seconds))
        try:
            ctx = self.new_context(dict(*args, **kwargs))
            parts, size = [], 0
            try:
                for chunk in self.root_render_func(ctx):
                    size += len(chunk)
                    if size > MAX_OUTPUT_CHARS:
                        raise _Refused(
                            _("nội dung hiển thị quá dài (tối đa %(n)s ký tự)") % {"n": MAX_OUTPUT_CHARS}
                        )
                    parts.append(chunk)
            except Exception:
                self.environment.handle_exception()
            return "".join(parts)
        finally:
            _budget.reset(token)

    def generate(self, *args, **kwargs):
        raise _Refused(_("mẫu chỉ được hiển thị qua hộp cát có giới hạn"))


def _budget_iter(iterable):
    """Every loop draws its items through here: iterations and time are spent per item."""
    budget = _active()
    for item in iterable:
        budget.iterations += 1
        if budget.iterations > MAX_LOOP_ITERATIONS:
            raise _Refused(_("vòng lặp quá %(n)s lượt") % {"n": MAX_LOOP_ITERATIONS})
        budget.step()
        yield item


def _budget_emit(value):
    """Everything a render writes (to the output, a macro, a `set` block) counts against one cap."""
    budget = _active()
    budget.emitted += len(value) if isinstance(value, str) else len(str(value))
    if budget.emitted > MAX_EMITTED_CHARS:
        raise _Refused(_("mẫu viết ra quá %(n)s ký tự") % {"n": MAX_EMITTED_CHARS})
    return value


# The hooks are filters, so the compiled template calls them directly (no sandbox `call` per output).
_HOOKS = {"mua_budget_iter": _budget_iter, "mua_budget_emit": _budget_emit, "mua_budget_value": _check_value}


class _Metered(NodeTransformer):
    """Rewrites a parsed template so that loops, output and `~` pass through the budget's hooks."""

    def __init__(self, environment: SandboxedEnvironment):
        self.environment = environment

    def _hook(self, name: str, node: nodes.Node) -> nodes.Node:
        hooked = nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)
        return hooked.set_environment(self.environment)

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = self._hook("mua_budget_iter", node.iter)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Output:
        self.generic_visit(node)
        node.nodes = [self._hook("mua_budget_emit", child) for child in node.nodes]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._hook("mua_budget_value", node)


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox with bounds: operators, calls, attribute reads and loops each spend the budget."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%", "/", "//"})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.globals["range"] = _bounded_range
        self.globals.pop("lipsum", None)  # paragraphs of filler text have no place in an SMS
        self.filters = {name: _bounded_filter(func) for name, func in self.filters.items()} | _HOOKS

    def _parse(self, source, name, filename):
        if len(source) > MAX_TEMPLATE_CHARS:
            raise _Refused(_("mẫu quá dài (tối đa %(n)s ký tự)") % {"n": MAX_TEMPLATE_CHARS})
        return _Metered(self).visit(super()._parse(source, name, filename))

    def call_binop(self, context, operator, left, right):
        _active().step()
        if operator == "*":
            size = _repeat_size(left, right)
            if size is not None and size > MAX_VALUE_LEN:
                raise _Refused(
                    _("chuỗi hoặc danh sách quá dài (tối đa %(n)s phần tử)") % {"n": MAX_VALUE_LEN}
                )
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%":
            _check_printf(left)
        return _check_value(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 -- Jinja's own signature
        _active().step()
        for arg in (*args, *kwargs.values()):
            _check_argument(arg)
        return _check_value(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)  # `str.format` reached from a template
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def getattr(self, obj, attribute):
        budget = _budget.get()  # None at compile time, when Jinja folds constants
        if budget is not None:
            budget.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        budget = _budget.get()
        if budget is not None:
            budget.step()
        return super().getitem(obj, argument)


def _check_power(base, exponent) -> None:
    if isinstance(base, bool) or isinstance(exponent, bool):
        return
    if isinstance(exponent, numbers.Real) and abs(exponent) > 1_000:
        raise _Refused(_("số mũ quá lớn"))
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        if base.bit_length() * exponent > MAX_NUMBER_BITS + 64:
            raise _Refused(_("số quá lớn (tối đa khoảng 10^19)"))


@lru_cache(maxsize=1)
def environment() -> BoundedSandbox:
    # No autoescape: SMS is plain text, and HTML escaping would put &amp; into a text message.
    return BoundedSandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def _refusal(exc: BaseException, field: str) -> TemplateInvalid:
    """The one translation of what went wrong in the sandbox into a DomainError naming it."""
    if isinstance(exc, _Refused):
        return TemplateTooCostly(_("Mẫu tin nhắn vượt giới hạn: %(why)s.") % {"why": exc}, field=field)
    if isinstance(exc, UndefinedError):
        return TemplateInvalid(_("Mẫu tin nhắn dùng biến không có: %(e)s.") % {"e": exc.message}, field=field)
    if isinstance(exc, SecurityError):
        return TemplateInvalid(
            _("Mẫu tin nhắn làm việc bị cấm trong hộp cát: %(e)s.") % {"e": exc}, field=field
        )
    if isinstance(exc, TemplateError):
        line = getattr(exc, "lineno", None)
        message = (
            _("Mẫu tin nhắn sai cú pháp (dòng %(line)s): %(e)s.") % {"line": line, "e": exc.message}
            if line
            else _("Mẫu tin nhắn sai cú pháp: %(e)s.") % {"e": exc.message}
        )
        return TemplateInvalid(message, field=field)
    if isinstance(exc, ZeroDivisionError):
        return TemplateTooCostly(_("Mẫu tin nhắn chia cho 0."), field=field)
    if isinstance(exc, RecursionError):
        return TemplateTooCostly(_("Mẫu tin nhắn vượt giới hạn: gọi đệ quy quá sâu."), field=field)
    if isinstance(exc, (ArithmeticError, MemoryError)):
        return TemplateTooCostly(
            _("Mẫu tin nhắn vượt giới hạn tính toán: %(why)s.") % {"why": exc}, field=field
        )
    return TemplateInvalid(_("Mẫu tin nhắn lỗi khi hiển thị: %(why)s.") % {"why": exc}, field=field)


# What a template may raise while it is compiled or rendered; anything else is a bug in Mùa.
_TEMPLATE_FAILURES = (
    TemplateError,
    ArithmeticError,
    RecursionError,
    MemoryError,
    TypeError,
    ValueError,
    LookupError,
)


def compile_template(source: str, *, field: str = "body") -> Callable[[dict], str]:
    """Compile once (TemplateInvalid if it cannot be), render many times, each render bounded."""
    try:
        template = environment().from_string(source)
    except _TEMPLATE_FAILURES as exc:
        raise _refusal(exc, field) from None

    def render_one(context: dict) -> str:
        try:
            return template.render(**context)
        except _TEMPLATE_FAILURES as exc:
            raise _refusal(exc, field) from None

    return render_one


def check_syntax(source: str, *, field: str = "body") -> None:
    """A body that is too long or does not parse is refused outright, naming why (and the line)."""
    try:
        environment().parse(source)
    except _TEMPLATE_FAILURES as exc:
        raise _refusal(exc, field) from None


def render(source: str, context: dict, *, field: str = "body") -> str:
    """Render `source` against `context`, or raise TemplateInvalid naming the problem."""
    return compile_template(source, field=field)(context)


def render_sample(source: str, *, field: str = "body") -> str:
    """Render against the sample contact: the check an SMS body passes before it can be submitted."""
    return render(source, {"contact": SAMPLE_CONTACT, **SAMPLE_CONTACT}, field=field)
