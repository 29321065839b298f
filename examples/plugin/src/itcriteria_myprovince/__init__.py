"""An example itcriteria plugin: one criteria set, and one extra function its rules use."""

from decimal import Decimal
from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterFunction, RegisterRegime


def _share_points(part: Decimal, whole: Decimal, points: Decimal) -> Decimal:
    return part / whole * points if whole else Decimal(0)


@itcriteria.hookimpl
def register_functions(register: RegisterFunction) -> None:
    register("share_points", _share_points)


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
