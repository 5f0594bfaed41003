"""Python highlighted by Pygments' lexer, in the theme's colours, for the Code page.

Pygments reads the whole text once (so a token that spans lines is still one token); the
highlighter then only paints each line's spans when Qt asks for that line.
"""

from __future__ import annotations

from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String, _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from cpuviz.ui.theme import Theme

Span = tuple[int, int, QTextCharFormat]


def _formats(theme: Theme) -> list[tuple[_TokenType, QTextCharFormat]]:
    """Token kind → how it looks; the first kind a token belongs to wins."""

    def format_(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
        char_format = QTextCharFormat()
        char_format.setForeground(QColor(colour))
        if bold:
            char_format.setFontWeight(QFont.Weight.Bold)
        char_format.setFontItalic(italic)
        return char_format

    return [
        (Comment, format_(theme.muted, italic=True)),
        (String, format_(theme.asyncio)),
        (Number, format_(theme.interpreters)),
        (Keyword, format_(theme.serial, bold=True)),
        (Operator.Word, format_(theme.serial, bold=True)),  # and, in, not
        (Name.Builtin, format_(theme.processes)),
        (Name.Function, format_(theme.threads, bold=True)),
        (Name.Class, format_(theme.threads, bold=True)),
        (Name.Decorator, format_(theme.threads)),
    ]


class CodeHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, theme: Theme) -> None:
        super().__init__(document)
        self._lexer = PythonLexer(stripnl=False, ensurenl=False)
        self._theme_formats = _formats(theme)
        self._spans: dict[int, list[Span]] = {}

    def set_theme(self, theme: Theme) -> None:
        self._theme_formats = _formats(theme)
        self.set_text(self.document().toPlainText())

    def set_text(self, text: str) -> None:
        """Lex `text` (the document's, about to be shown) into each line's coloured spans."""
        spans: dict[int, list[Span]] = {}
        line, column = 0, 0
        for kind, value in self._lexer.get_tokens(text):
            char_format = self._format(kind)
            for number, part in enumerate(value.split("\n")):
                if number:
                    line, column = line + 1, 0
                if part and char_format is not None:
                    spans.setdefault(line, []).append((column, len(part), char_format))
                column += len(part)
        self._spans = spans
        self.rehighlight()

    def _format(self, kind: _TokenType) -> QTextCharFormat | None:
        return next((fmt for parent, fmt in self._theme_formats if kind in parent), None)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        for start, length, char_format in self._spans.get(self.currentBlock().blockNumber(), []):
            self.setFormat(start, length, char_format)
