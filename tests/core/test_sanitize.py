"""The sanitiser keeps what the 正文 editor and the Word import produce, and nothing else."""

import pytest

from gongkai.core.sanitize import clean_html, own_path

EDITOR_OUTPUT = (
    "<h2>一、总体情况</h2><h3>（一）水环境</h3><p><strong>加粗</strong><em>斜体</em><u>下划线</u></p>"
    "<ul><li><p>第一项</p></li></ul><ol><li><p>第一条</p></li></ol>"
    '<p><a href="https://www.mee.gov.cn/">生态环境部</a></p>'
    '<table><tbody><tr><th colspan="1" rowspan="1"><p>项目</p></th></tr>'
    '<tr><td colspan="2" rowspan="1"><p>1</p></td></tr></tbody></table>'
    '<p><img src="/zdgk/fj/12/" alt="监测点位图"></p>'
)


def test_what_the_editor_produces_survives_unchanged():
    assert clean_html(EDITOR_OUTPUT) == EDITOR_OUTPUT.replace(
        '<a href="https://www.mee.gov.cn/">', '<a href="https://www.mee.gov.cn/" rel="noopener noreferrer">'
    )


@pytest.mark.parametrize(
    "dirty, clean",
    [
        ('<p style="color:red" class="MsoNormal">正文</p>', "<p>正文</p>"),
        (
            '<p><span lang="EN-US" style="mso-bidi-font-size:10.5pt">x</span></p>',
            '<p><span lang="EN-US">x</span></p>',
        ),
        ("<h1>标题</h1><div>块</div>", "标题块"),
        ("<script>alert(1)</script><p>a</p>", "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://x.cn/" target="_blank" onclick="y()">x</a>',
            '<a href="https://x.cn/" rel="noopener noreferrer">x</a>',
        ),
        (
            '<table><tr><td colspan="x" rowspan="2">c</td></tr></table>',
            '<table><tbody><tr><td rowspan="2">c</td></tr></tbody></table>',
        ),
        ("<o:p></o:p><p>a</p>", "<p>a</p>"),
    ],
)
def test_styles_classes_scripts_and_unknown_tags_go(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    "image",
    [
        '<img src="https://evil.example/x.png" alt="外站">',
        '<img src="//evil.example/x.png" alt="外站">',
        '<img src="data:image/png;base64,iVBOR" alt="内嵌">',
        '<img src="/zdgk/fj/1/">',
        '<img src="/zdgk/fj/1/" alt="  ">',
        '<img alt="无地址">',
    ],
)
def test_an_image_from_elsewhere_or_without_alt_text_is_dropped(image):
    assert clean_html(f"<p>前{image}后</p>") == "<p>前后</p>"


def test_alt_text_with_quotes_and_brackets_is_kept_escaped():
    assert clean_html('<img src="/a.png" alt="a&quot;>b">') == '<img src="/a.png" alt="a&quot;&gt;b">'


def test_own_path():
    assert own_path("/zdgk/fj/1/")
    assert not own_path("//host/x")
    assert not own_path("https://host/x")
    assert not own_path("/\\host/x")
