"""The command line's help in Vietnamese by default, in English with ``--lang en``.

The English help is written where each command and option is declared (and is what the reference
docs show); the Vietnamese is this module's table, by command name and option. When ``--help`` is
asked for, the language is the last ``--lang`` on the command line (``--help`` is eager: it is
answered before ``--lang`` is read, so the words are scanned for it), else the ``ITCRITERIA_LANG``
environment variable, else Vietnamese. Usage errors (exit 2) are click's own, as they were.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import click

LANG_ENV = "ITCRITERIA_LANG"
_META = "itcriteria.help_lang"

#: Each command's help in Vietnamese ("itcriteria" is the group).
COMMANDS: dict[str, str] = {
    "itcriteria": """Chấm điểm, giải thích và xếp hạng mức độ ứng dụng CNTT của các cơ quan nhà nước, theo
    bộ tiêu chí của từng tỉnh.

    Mã thoát: 0 xong; 1 dữ liệu đầu vào sai (thông báo nêu bộ tiêu chí, tiêu chí và trường); 2 dùng
    lệnh sai cách. Thêm --lang en để xem hướng dẫn bằng tiếng Anh.""",
    "check": """Kiểm tra một tệp bộ tiêu chí FILE (TOML): mọi lỗi của tệp cùng lúc, rồi các quy luật
    chuẩn của itcriteria.testing (câu trả lời tốt hơn không bao giờ ít điểm hơn, tổng điểm không quá
    điểm tối đa, …) khi đã cài Hypothesis (pip install itcriteria[testing]). Thoát với mã 1 khi có
    điều sai.""",
    "demo": "Chấm điểm, xếp hạng các đơn vị mẫu và giải thích điểm của đơn vị đầu tiên.",
    "diff": "Những gì bộ tiêu chí NEW thay đổi so với bộ tiêu chí OLD (cả hai là mã đã cài đặt).",
    "docs": """Viết tài liệu bộ tiêu chí REGIME (mã bộ tiêu chí đã cài, hoặc tệp bộ tiêu chí .toml).

    Tài liệu nêu căn cứ pháp lý, trạng thái và nguồn gốc, các nhóm đơn vị, ngày và hạn gửi phiếu, mọi
    tiêu chí với số liệu nhập, điểm chuẩn và cách tính điểm bằng lời, xếp loại, cách xếp hạng và những
    gì thay đổi so với bộ tiêu chí trước của tỉnh. --format xlsx hoặc docx viết các tiêu chí thành bảng
    phụ lục (mỗi nhóm đơn vị một bảng: STT, Tiêu chí, Điểm tối đa, Cách tính điểm), mà lệnh itcriteria
    import-annex đọc lại được.""",
    "gaps": """Đơn vị còn thiếu gì: các tiêu chí thành phần chưa đạt điểm chuẩn hoặc chưa đủ điểm, và
    cần làm gì để đạt.""",
    "import-annex": """Nhập bảng tiêu chí của một phụ lục FILE (.xlsx, .docx, .csv) thành tệp bộ tiêu chí.

    Các cột được nhận theo tên (STT, Tiêu chí / Chỉ số, Điểm tối đa, Cách tính điểm, Tài liệu kiểm
    chứng, Nguồn dữ liệu; thứ tự, chữ hoa hay thường, có dấu hay không đều được). Cây tiêu chí lấy từ số
    thứ tự, cách tính điểm từ lời văn; dòng có lời văn chưa nhận ra được gán quy tắc not_translated() và
    bộ tiêu chí không chấm điểm cho đến khi quy tắc đó được viết. Bảng có lỗi thì không tệp nào được
    ghi; báo cáo liệt kê những gì đã nhận ra và những gì còn lại.""",
    "list": """Liệt kê các bộ tiêu chí đã cài với trạng thái và plugin, đọc từ phần đầu của từng tệp.

    Tiêu chí và quy tắc của một bộ tiêu chí được kiểm tra khi dùng lần đầu (hoặc với --check): bộ
    tiêu chí hỏng được liệt kê cùng các lỗi của nó.""",
    "plan": """Ít thay đổi nhất, nhỏ nhất trong số liệu của một đơn vị để lên xếp loại kế tiếp, một thứ
    hạng hoặc một tổng điểm.""",
    "publish": """Viết kết quả một kỳ đánh giá thành phụ lục của quyết định công bố kết quả (PDF, hoặc
    một tệp HTML).

    ROUND_FILE là một kỳ đánh giá dạng JSON (xem itcriteria round). Phụ lục có cơ quan ban hành và
    quốc hiệu, tiêu ngữ, mỗi nhóm đơn vị một bảng theo thứ tự của bộ tiêu chí (hạng, điểm, điểm tối
    đa, tỷ lệ, xếp loại, và với --previous hạng kỳ trước và thay đổi), các đơn vị không xếp hạng kèm
    lý do, biểu đồ, và cho từng đơn vị các tiêu chí thành phần chưa đạt điểm chuẩn. Cần
    itcriteria[publish].""",
    "rank": """Xếp hạng một tệp kỳ đánh giá, các phiếu FORMS theo --regime, hoặc tổng điểm tính nơi
    khác (--totals) theo --policy.

    Với --json, tổng điểm đến từ đầu vào chuẩn ({"policy" hoặc "regime", "totals": [...]}) và bảng
    xếp hạng ra đầu ra chuẩn dưới dạng JSON của dịch vụ.""",
    "round": """Chạy một kỳ đánh giá: tình trạng phiếu, xếp hạng, thẩm định và tiêu chí chưa đạt; hoặc
    ghi kết quả ra tệp (-o).

    FILE là một kỳ đánh giá dạng JSON: mã bộ tiêu chí, kỳ, danh sách đơn vị (hoặc tệp danh sách), các
    phiếu (viết trong tệp, hoặc tên và mẫu tên tệp phiếu trong thư mục của nó hay trong --forms-dir) và
    các điều chỉnh của hội đồng thẩm định. Không có FILE, --regime và --forms DIR lập kỳ đánh giá từ
    một thư mục phiếu đã điền; đơn vị, kỳ, hạn gửi và thời gian số liệu lấy từ các tùy chọn, hoặc khi
    không có thì từ các phiếu và bộ tiêu chí. Cảnh báo nhất quán của bộ tiêu chí (số liệu phải khớp
    giữa các tiêu chí) ghi ra stderr; phiếu vẫn được chấm điểm. Với --json, kỳ đánh giá đến từ đầu
    vào chuẩn, phiếu viết trong đó, và kết quả là JSON của dịch vụ.""",
    "score": """Chấm điểm một tệp kỳ đánh giá, hoặc các phiếu FORMS theo --regime; in bảng xếp hạng
    hoặc ghi kết quả ra tệp (-o).

    Với --json, một phiếu (hoặc {"forms": [...]}) đến từ đầu vào chuẩn và (các) phiếu điểm ra đầu ra
    chuẩn dưới dạng JSON của dịch vụ; bộ tiêu chí là --regime hoặc bộ tiêu chí phiếu ghi.""",
    "serve": """Cung cấp API chấm điểm qua HTTP (cần gói bổ sung itcriteria[service]).

    JSON dưới /v1 (score, cohort, rank, rounds/run, gaps, plan, forms/read, regimes, schema, template,
    health), tài liệu OpenAPI tại /openapi.json và trang liệt kê tại /docs.""",
    "show": "Xem một bộ tiêu chí đã cài REGIME: trạng thái, nhóm đơn vị, các mốc ngày và cây tiêu chí.",
    "template": """Viết phiếu tự đánh giá của bộ tiêu chí REGIME cho các cơ quan, đơn vị điền.

    Với --round, viết mỗi đơn vị trong danh sách của kỳ đánh giá một phiếu vào thư mục OUTPUT, mã, tên
    và nhóm của đơn vị điền sẵn và khóa lại, để không phiếu nào gửi về với mã đơn vị gõ sai.""",
    "validate": """Kiểm tra bộ tiêu chí REGIME (mã đã cài hoặc tệp bộ tiêu chí) và những gì còn phải làm
    trước khi chính thức; với các phiếu đã điền FORMS (xlsx, json, csv), kiểm tra chúng theo bộ tiêu chí
    và liệt kê mọi lỗi của mọi phiếu, rồi các cảnh báo nhất quán của bộ tiêu chí (số liệu phải khớp
    giữa các tiêu chí; vẫn thoát với mã 0).""",
}

_FORMS_REGIME = (
    "chấm các phiếu FORMS theo bộ tiêu chí đã cài hoặc tệp bộ tiêu chí này (nếu không, SOURCES "
    "là tệp kỳ đánh giá)"
)
#: Each option's help in Vietnamese: by "COMMAND --option" where commands differ, else by "--option".
OPTIONS: dict[str, str] = {
    "--lang": "ngôn ngữ đầu ra",
    "--help": "Hiện hướng dẫn này rồi thoát.",
    "itcriteria --lang": (
        "ngôn ngữ của hướng dẫn và ngôn ngữ mặc định của mọi lệnh (hoặc biến ITCRITERIA_LANG)"
    ),
    "itcriteria --debug": "hiện toàn bộ traceback của lỗi",
    "check --laws": "tìm cả các quy luật bị vi phạm",
    "check --examples": "số nhóm đơn vị thử cho mỗi quy luật",
    "demo --regime": "mã bộ tiêu chí đã cài (mặc định: bộ tiêu chí mẫu đi kèm)",
    "demo --forms": "tệp JSON các phiếu (mặc định: tệp đi kèm)",
    "docs --format": (
        "Markdown, reStructuredText, một trang HTML độc lập, hoặc bảng phụ lục (xlsx, docx; cần -o)"
    ),
    "docs --output": "ghi ra tệp FILE (thay cả tệp, không bao giờ ghi dở) thay vì đầu ra chuẩn",
    "--regime": _FORMS_REGIME,
    "--skip-invalid": "chấm các phiếu hợp lệ và liệt kê những phiếu bị bỏ qua",
    "--forms-dir": (
        "đọc các tệp phiếu mà tệp kỳ đánh giá nêu trong thư mục này (mặc định: thư mục của tệp kỳ đánh giá)"
    ),
    "--output": "ghi kết quả ra tệp FILE (.xlsx, .csv hoặc .json)",
    "--format": "định dạng đầu ra (mặc định: theo -o)",
    "--decimal-comma": "số có dấu phẩy thập phân, như báo cáo tiếng Việt",
    "--json": "đọc một yêu cầu JSON từ đầu vào chuẩn, ghi phản hồi JSON của dịch vụ",
    "gaps --unit": "chỉ đơn vị này (mặc định: tiêu chí chung chưa đạt của kỳ, rồi của từng đơn vị)",
    "import-annex --output": "tệp bộ tiêu chí (TOML) cần ghi",
    "import-annex --id": "mã của bộ tiêu chí, ví dụ binhthuan-2019",
    "import-annex --province": "mã của tỉnh, ví dụ binhthuan",
    "import-annex --decision": "quyết định ban hành phụ lục, ví dụ 1867/QĐ-UBND",
    "import-annex --date": "ngày của quyết định (dd/mm/yyyy); bộ tiêu chí có hiệu lực từ ngày đó",
    "import-annex --group": (
        "NAME=SHEET|TABLE: nhóm đơn vị có tiêu chí ở trang tính đó (theo tên) hoặc bảng Word đó (theo số, "
        "từ 1); lặp lại cho từng nhóm của một bộ tiêu chí"
    ),
    "import-annex --partial": (
        "bảng chỉ là một phần của phụ lục: tiêu chí có các dòng cộng lại ít hơn điểm tối đa lấy tổng của "
        "chúng (đánh dấu giả định, có báo cáo) thay vì báo lỗi"
    ),
    "import-annex --lang": "ngôn ngữ của báo cáo",
    "import-annex --title": "tên của bộ tiêu chí (mặc định: 'Bộ tiêu chí theo DECISION')",
    "import-annex --report": "ghi cả báo cáo ra tệp Markdown",
    "list --check": (
        "kiểm tra cả mọi bộ tiêu chí và biên dịch quy tắc của chúng; thoát với mã 1 nếu có bộ hỏng"
    ),
    "plan --unit": "đơn vị cần lập kế hoạch",
    "plan --rank": "nhắm tới thứ hạng này trong bảng của đơn vị",
    "plan --target": "nhắm tới tổng điểm này (mặc định: xếp loại kế tiếp)",
    "publish --output": "tệp cần ghi (.pdf hoặc .html)",
    "publish --decision": "số quyết định công bố kết quả, ví dụ 3346/QĐ-UBND (mặc định: để trống)",
    "publish --date": "ngày của quyết định, DD/MM/YYYY (mặc định: để trống)",
    "publish --signer": "người ký quyết định (không có thì bỏ phần chữ ký)",
    "publish --signer-title": (
        "các dòng chức vụ người ký, '\\n' giữa các dòng (mặc định: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)"
    ),
    "publish --issuer": "các dòng tên cơ quan ban hành, '\\n' giữa các dòng (mặc định: Ủy ban nhân dân tỉnh)",
    "publish --previous": "tệp kỳ đánh giá trước: hạng kỳ đó và thay đổi",
    "publish --charts": "ghi cả từng biểu đồ vào thư mục DIR dạng SVG và PNG",
    "rank --totals": (
        "xếp hạng tổng điểm tính nơi khác (CSV: unit, group, total, hoặc tiêu đề của tệp kết quả CSV)"
    ),
    "rank --policy": "cách xếp hạng cho --totals (mặc định: của bộ tiêu chí)",
    "round --regime": "cùng --forms: mã bộ tiêu chí đã cài (hoặc tệp bộ tiêu chí) của các phiếu",
    "round --forms": "cùng --regime: thư mục các phiếu đã điền (mọi tệp .xlsx, .csv và .json trong đó)",
    "round --roster": (
        "danh sách đơn vị, CSV hoặc xlsx với các cột Mã, Tên đơn vị, Nhóm [, Đơn vị cấp trên] (hoặc id, "
        "name, group [, parent]); mặc định: các đơn vị của các phiếu"
    ),
    "round --period": "kỳ đánh giá, ví dụ 2019 (mặc định: kỳ mà mọi phiếu ghi)",
    "round --deadline": "hạn gửi phiếu (mặc định: hạn của bộ tiêu chí)",
    "round --grace": (
        "số ngày làm việc sau hạn mà phiếu vẫn được đánh giá (mặc định: của bộ tiêu chí, không có thì 0)"
    ),
    "round --window": "START END: thời gian số liệu (mặc định: của bộ tiêu chí)",
    "round --adjustments": (
        "các điều chỉnh của hội đồng thẩm định: một danh sách JSON, như trong tệp kỳ đánh giá"
    ),
    "score --explain": "cùng --json: thêm phần giải thích của từng tiêu chí thành phần",
    "serve --host": "địa chỉ lắng nghe",
    "serve --port": "cổng",
    "serve --workers": "số tiến trình xử lý",
    "serve --plugins": (
        "chỉ nạp các plugin này (tên cách nhau bởi dấu phẩy, ví dụ binhthuan,vn; mặc định: mọi plugin đã cài)"
    ),
    "serve --max-body-size": "từ chối nội dung yêu cầu lớn hơn số byte này (413)",
    "serve --log-level": "mức ghi nhật ký",
    "show --group": "chỉ các tiêu chí của nhóm đơn vị này",
    "template --group": "chỉ phiếu của nhóm đơn vị này (cố định nhóm trên phiếu)",
    "template --round": (
        "mỗi đơn vị trong danh sách của tệp kỳ đánh giá này một phiếu, điền sẵn đơn vị, vào thư mục -o"
    ),
    "template --format": "phiếu xlsx hoặc phiếu JSON (mặc định: theo -o)",
    "template --output": "tệp phiếu (hoặc thư mục) cần ghi",
}

#: Click's own words on a help page.
_SECTIONS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
_EXTRA = (("default: ", "mặc định: "), ("env var: ", "biến môi trường: "), ("required", "bắt buộc"))


def remember_language(ctx: click.Context, args: Sequence[str]) -> None:
    """Note the language of a help page from the words given: the last ``--lang X`` or ``--lang=X``."""
    for index, word in enumerate(args):
        if word == "--lang" and index + 1 < len(args):
            ctx.meta[_META] = args[index + 1]
        elif word.startswith("--lang="):
            ctx.meta[_META] = word.removeprefix("--lang=")


def help_language(ctx: click.Context) -> str:
    """The help's language: ``--lang`` on the command line, else ``ITCRITERIA_LANG``, else Vietnamese."""
    found = ctx.meta.get(_META) or os.environ.get(LANG_ENV)
    return "en" if found == "en" else "vi"


def command_key(ctx: click.Context) -> str:
    """The name a command's Vietnamese help is filed under: its name, ``itcriteria`` for the group."""
    return "itcriteria" if ctx.parent is None else ctx.command.name or ""


def option_help(command: str, option: click.Option) -> str | None:
    """An option's Vietnamese help: the command's own, else the shared one (None if there is none)."""
    name = max(option.opts, key=len)
    return OPTIONS.get(f"{command} {name}", OPTIONS.get(name))


def short_help(name: str, limit: int) -> str:
    """A command's one-line Vietnamese help in the group's list of commands: its first paragraph, cut
    at a word with "..." when longer than ``limit``."""
    words = COMMANDS.get(name, "").split("\n\n")[0].split()
    line = " ".join(words)
    if len(line) <= limit:
        return line
    while words and len(" ".join(words)) + 3 > limit:
        words.pop()
    return " ".join(words).rstrip(",;:") + "..."


@contextlib.contextmanager
def in_vietnamese(ctx: click.Context) -> Iterator[None]:
    """The command's and its options' help texts in Vietnamese for a moment, then back as they were."""
    command, key = ctx.command, command_key(ctx)
    saved: list[tuple[Any, str, Any]] = [(command, "help", command.help)]
    command.help = COMMANDS.get(key, command.help)
    options = [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
    for option in options:
        text = OPTIONS["--help"] if option is command.get_help_option(ctx) else option_help(key, option)
        if text is not None:
            saved.append((option, "help", option.help))
            option.help = text
    try:
        yield
    finally:
        for owner, attribute, value in saved:
            setattr(owner, attribute, value)


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter with its own words (Usage, Options, Commands, default) in Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(_SECTIONS.get(name, name))

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, _extra_words(text)) for term, text in rows], *args, **kwargs)


def _extra_words(text: str) -> str:
    """``[default: vi; required]`` at the end of an option's help, in Vietnamese."""
    found = re.search(r"\[([^\[\]]*)\]$", text)
    if found is None:
        return text
    inside = found.group(1)
    for english, vietnamese in _EXTRA:
        inside = inside.replace(english, vietnamese)
    return text[: found.start(1)] + inside + "]"


class HelpContext(click.Context):
    """A context whose help page is Vietnamese unless English was asked for (see the module); the
    usage line of a usage error stays click's own."""

    in_help = False  # set while the help page is written in Vietnamese

    def make_formatter(self) -> click.HelpFormatter:
        if not self.in_help:
            return super().make_formatter()
        return HelpFormatter(width=self.terminal_width, max_width=self.max_content_width)

    def get_help(self) -> str:
        if help_language(self) == "en":
            return super().get_help()
        with in_vietnamese(self):
            self.in_help = True
            try:
                return super().get_help()
            finally:
                self.in_help = False
