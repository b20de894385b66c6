"""Jobs (Qt core, no widgets): the JobManager, its QRunnables and the JobInfo the GUI reads.

The Qt-free part (worker processes, protocol, outcomes, states) is docflags_gui.runner.
"""

from docflags_gui.jobs.manager import JobManager
from docflags_gui.jobs.state import JobInfo, JobSettings
from docflags_gui.runner.states import JobState

__all__ = ["JobInfo", "JobManager", "JobSettings", "JobState"]
