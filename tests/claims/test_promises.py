from decimal import Decimal as D

import pytest

from claims.promises import amounts_promised


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("赔偿客户300元并致歉", [D("300")]),
        ("退还运费 ¥12.50，另赔 ￥1,000", [D("12.50"), D("1000")]),
        ("补偿 RMB 80", [D("80")]),
        ("向客户道歉，补发同款商品", []),
        ("快件 3 天未到，电话 13812345678", []),
    ],
)
def test_amounts_written_in_a_solution_are_read(text, amounts):
    assert amounts_promised(text) == amounts
