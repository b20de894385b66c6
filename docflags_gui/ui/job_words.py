"""What the job list says about a job: state words and colours, why it ended, its progress
words, elapsed time, and which buttons its row offers (painted by ui.job_delegate)."""

from __future__ import annotations

import time

from docflags_gui.jobs import JobInfo, JobState
from docflags_gui.ui.engine_words import engine_words
from docflags_gui.ui.i18n import QT_TRANSLATE_NOOP, plural, translate

# Marked for the catalogue here, translated where shown (state_words); the history uses them too.
STATE_WORDS = {
    JobState.QUEUED: QT_TRANSLATE_NOOP("JobState", "Waiting"),
    JobState.RUNNING: QT_TRANSLATE_NOOP("JobState", "Running"),
    JobState.SUCCESS: QT_TRANSLATE_NOOP("JobState", "Done"),
    JobState.FAILURE: QT_TRANSLATE_NOOP("JobState", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobState", "Cancelled"),
    JobState.TIMED_OUT: QT_TRANSLATE_NOOP("JobState", "Timed out"),
    JobState.CRASHED: QT_TRANSLATE_NOOP("JobState", "Crashed"),
    JobState.INTERRUPTED: QT_TRANSLATE_NOOP("JobState", "Interrupted"),
}
WARNING_COLOR = "#a16207"
EXIT_BAD_INPUT = 3  # the worker protocol's exit status for a file that cannot be analysed


def state_words(state: JobState) -> str:
    """The state as the job list and the history say it ("Done", "Failed" ...)."""
    return translate("JobState", STATE_WORDS.get(state, state.value.title()))


def job_name(info: JobInfo) -> str:
    """The name a job's row shows: the file, and for a match the manuscript searched too."""
    if info.manuscript is not None:
        return f"{info.path.name} → {info.manuscript.name}"
    return info.path.name


def result_warnings(info: JobInfo) -> list[str]:
    """The warnings of a finished job's result (a repaired file, empty or unreadable pages)."""
    if info.state != JobState.SUCCESS or info.result is None:
        return []
    return [str(w) for w in info.result.get("warnings") or []]


# Foreground colours that read on light and dark palettes.
STATE_COLORS = {
    JobState.QUEUED: "#6b7280",
    JobState.RUNNING: "#1d6fd8",
    JobState.SUCCESS: "#15803d",
    JobState.FAILURE: "#c2410c",
    JobState.CANCELLED: "#6b7280",
    JobState.TIMED_OUT: "#b91c1c",
    JobState.CRASHED: "#b91c1c",
    JobState.INTERRUPTED: "#a16207",
}
PROBLEM_STATES = (JobState.FAILURE, JobState.TIMED_OUT, JobState.CRASHED, JobState.INTERRUPTED)


def format_elapsed(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed_seconds(info: JobInfo, now: float | None = None) -> float | None:
    if info.started is None:
        return None
    end = info.finished if info.finished is not None else (now or time.time())
    return end - info.started


def outcome_words(info: JobInfo) -> str:
    """What ended a job, in words: the flags found, or the reason it did not succeed."""
    if info.state == JobState.SUCCESS and info.result is not None:
        count = len(info.result.get("flags") or [])
        words = plural(
            count,
            translate("JobWidget", "{n} flagged passage"),
            translate("JobWidget", "{n} flagged passages"),
        )
        if info.manuscript is not None:  # a match: how many were found, and where
            found = sum(isinstance(f.get("match"), dict) for f in info.result.get("flags") or [])
            words = translate("JobWidget", "{found} of {n} found in {name}").format(
                found=found, n=count, name=info.manuscript.name
            )
        warnings = result_warnings(info)
        if warnings:
            shown = [f"⚠ {engine_words(w)}" for w in warnings[:3]]
            if len(warnings) > 3:
                shown.append(
                    translate("JobWidget", "… and {n} more warnings").format(n=len(warnings) - 3)
                )
            words = "\n".join([words, *shown])
        return words
    if info.state == JobState.CANCELLED:
        return translate("JobWidget", "Cancelled before it finished.")
    if info.state == JobState.INTERRUPTED:
        return error_words(info.error) or translate(
            "JobWidget", "docflags was closed while this job ran. Retry to run it again."
        )
    if info.state == JobState.TIMED_OUT:
        return error_words(info.error) or translate(
            "JobWidget", "The analysis took longer than the time limit and was stopped."
        )
    if info.state == JobState.CRASHED:
        return error_words(info.error) or translate(
            "JobWidget", "The analysis stopped unexpectedly. The log may say why."
        )
    if info.state == JobState.FAILURE:
        return error_words(info.error) or translate("JobWidget", "The analysis failed.")
    return ""


def progress_words(message: str) -> str:
    """A worker's progress message ("Page 2/9: OCR") in the window's language."""
    return engine_words(message) if message else translate("JobWidget", "Working")


def is_bad_input(info: JobInfo) -> bool:
    """The file itself cannot be analysed (not a PDF, encrypted ...): retrying cannot help."""
    return info.exit_code == EXIT_BAD_INPUT


def error_words(error: str | None) -> str:
    """A worker's error as a sentence: capitalised, translated where its wording is known."""
    if not error:
        return ""
    text = engine_words(error)
    return text[:1].upper() + text[1:]


# A row's buttons: action name -> (label, tool tip), in the order they are shown. The words are
# the JobWidget context's, as the catalogue has them.
ACTIONS = {
    "front": (
        QT_TRANSLATE_NOOP("JobWidget", "Move to front"),
        QT_TRANSLATE_NOOP("JobWidget", "Run this job next"),
    ),
    "cancel": (
        QT_TRANSLATE_NOOP("JobWidget", "Cancel"),
        QT_TRANSLATE_NOOP("JobWidget", "Stop this job"),
    ),
    "retry": (
        QT_TRANSLATE_NOOP("JobWidget", "Retry"),
        QT_TRANSLATE_NOOP("JobWidget", "Analyse this file again"),
    ),
    "log": (
        QT_TRANSLATE_NOOP("JobWidget", "Open log"),
        QT_TRANSLATE_NOOP("JobWidget", "Open the worker's log"),
    ),
}


def job_actions(info: JobInfo) -> tuple[str, ...]:
    """The buttons of a job's row (keys of ACTIONS), in order. When the file itself is the
    problem (not a PDF, encrypted) its log holds nothing more to read: no Open log."""
    if info.state is JobState.QUEUED:
        return ("front", "cancel")
    if info.state is JobState.RUNNING:
        return ("cancel",)
    bad_input = info.state is JobState.FAILURE and is_bad_input(info)
    return ("retry",) if info.log_path is None or bad_input else ("retry", "log")


def action_label(info: JobInfo, action: str) -> str:
    """A button's words: a finished analysis is run again ("Re-analyse"), a failed one retried."""
    if action == "retry" and info.state is JobState.SUCCESS:
        return translate("JobWidget", "Re-analyse")
    return translate("JobWidget", ACTIONS[action][0])


def action_tip(action: str) -> str:
    return translate("JobWidget", ACTIONS[action][1])


def shown_state(info: JobInfo) -> tuple[str, str]:
    """(words, colour) of a job's state as its row shows it."""
    if result_warnings(info):
        return translate("JobWidget", "Done, with warnings"), WARNING_COLOR
    return state_words(info.state), STATE_COLORS.get(info.state, "#6b7280")


def detail_color(info: JobInfo) -> str | None:
    """The colour of a job's outcome words, or None for the text colour."""
    if result_warnings(info):
        return WARNING_COLOR
    return STATE_COLORS[info.state] if info.state in PROBLEM_STATES else None


def progress_text(info: JobInfo) -> str:
    """The words inside a waiting or running job's progress bar."""
    if info.state is JobState.QUEUED:
        # A retry waiting out its back-off says so; a fresh job just waits.
        if info.message and info.message != "Waiting":
            return progress_words(info.message)
        return translate("JobWidget", "Waiting for a free worker")
    return f"{progress_words(info.message)} · {max(0, min(100, info.percent))}%"
