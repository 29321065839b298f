"""itcriteria plugin for Hà Giang: the province's criteria sets (``regimes/*.toml``)."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRegime


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    register(files(__name__) / "regimes")
