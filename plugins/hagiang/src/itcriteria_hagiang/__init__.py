"""itcriteria plugin for Hà Giang: the province's criteria sets (``regimes/*.toml``)."""

from importlib.resources import files

import itcriteria
from itcriteria.hookspecs import RegisterRegime


@itcriteria.hookimpl
def register_regimes(register: RegisterRegime) -> None:
    for path in sorted(files(__name__).joinpath("regimes").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".toml"):
            register(path)
