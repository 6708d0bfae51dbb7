"""The PuLP planning models in datasets/examples/pulp: each solved with
fleetlp through the plug-in and with PuLP's HiGHS and CBC; the three that
have an MPS twin (make_examples.py) also against fleetlp on that file."""
import importlib.util
import warnings

import pytest

pulp = pytest.importorskip("pulp")
import fleetlp  # noqa: E402
import fleetlp.pulp  # noqa: E402

MODELS = ["procurement", "production", "energy_shift", "hardware_mix", "deferrable_work"]
MPS_TWIN = {"procurement", "production", "energy_shift"}


def load(repo_root, name):
    spec = importlib.util.spec_from_file_location(
        name, repo_root / "datasets" / "examples" / "pulp" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def objective(module, solver):
    prob, _ = module.build()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PULP_CBC_CMD's notice
        status = prob.solve(solver)
    assert status == pulp.LpStatusOptimal, pulp.LpStatus[status]
    return pulp.value(prob.objective)


@pytest.mark.parametrize("name", MODELS)
def test_fleetlp_agrees_with_highs_and_cbc(repo_root, name):
    module = load(repo_root, name)
    ours = objective(module, fleetlp.pulp.FLEETLP(msg=False))
    assert ours == pytest.approx(objective(module, pulp.HiGHS(msg=False)), rel=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        cbc = pulp.PULP_CBC_CMD(msg=False) if hasattr(pulp, "PULP_CBC_CMD") else None
    if cbc is not None and cbc.available():
        assert ours == pytest.approx(objective(module, cbc), rel=1e-6)
    assert ours == pytest.approx(objective(module, fleetlp.pulp.FLEETLP_CMD(msg=False)), rel=1e-9)
    if name in MPS_TWIN:
        twin = fleetlp.solve(fleetlp.Problem.read(repo_root / "datasets" / "examples" / f"{name}.mps"),
                             tol=fleetlp.PLUGIN_TOL)
        assert twin.objective == pytest.approx(ours, rel=1e-6)


@pytest.mark.parametrize("name", MODELS)
def test_the_script_prints_its_plan(repo_root, name, capsys):
    load(repo_root, name).main()
    out = capsys.readouterr().out
    assert out.startswith("status Optimal") and len(out.splitlines()) >= 5
