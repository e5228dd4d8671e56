"""Python client of the Bayesian optimization service.

    import bayesopt
    client = bayesopt.connect("http://127.0.0.1:7700")
    study = client.create_study(name="demo", space={"x": {"type": "float", "low": 0, "high": 1}},
                                objectives={"loss": "minimize"})
    trial = study.ask()[0]
    study.tell(trial.id, {"loss": (trial.params["x"] - 0.3) ** 2})

Standard library only (REST over urllib); live events need the optional python-socketio.
"""
from .client import Client, connect
from .errors import BayesOptError, TrialPruned
from .heartbeat import Heartbeat
from .study import Study
from .transport import new_request_id
from .trial import Trial
from .warnings import BayesOptWarning

__all__ = ["BayesOptError", "BayesOptWarning", "Client", "Heartbeat", "Study", "Trial", "TrialPruned", "connect", "new_request_id"]
__version__ = "0.1.0"
