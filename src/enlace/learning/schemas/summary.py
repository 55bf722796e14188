"""The shape of a training's learning summary: knowledge gain overall, per cohort, per question
and module, with self-efficacy, attendance and completion reported apart. Definitions (so that
everyone computes the same numbers) are in docs/learning-statistics.md."""

from __future__ import annotations

import uuid
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator

from enlace.learning.models import ExperienceLevel, ItemKind
from enlace.stakeholders.models import Discipline, Sex

UNSPECIFIED = "unspecified"
PERCENT = "Percent, 0 to 100; null without data."
GAIN = "Post minus pre, in percentage points."
NORMALIZED = "(post - pre) / (100 - pre); null when the pre-test score is 100."


def _one_of(*values: str) -> AfterValidator:
    allowed = ["", *values]

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"Input should be one of: {', '.join(map(repr, allowed))}.")
        return value

    return AfterValidator(check)


class SummaryFilters(Schema):
    discipline: Annotated[
        str,
        _one_of(*Discipline.values, UNSPECIFIED),
        Field(json_schema_extra={"enum": ["", *Discipline.values, UNSPECIFIED]}),
    ] = Field("", description="The participants' discipline; `unspecified` for none recorded.")
    experience_level: Annotated[
        str,
        _one_of(*ExperienceLevel.values),
        Field(json_schema_extra={"enum": ["", *ExperienceLevel.values]}),
    ] = Field("", description="Experience at intake.")
    organization_id: uuid.UUID | None = Field(None, description="The participants' organisation.")
    sex: Annotated[
        str,
        _one_of(*Sex.values, UNSPECIFIED),
        Field(json_schema_extra={"enum": ["", *Sex.values, UNSPECIFIED]}),
    ] = Field("", description="`unspecified` for none recorded.")


class LearningFigures(Schema):
    """The knowledge-gain figures of a set of participants (the whole training or a cohort)."""

    matched_pairs: int = Field(description="Participants with both a pre- and a post-test.")
    unmatched_pre: int = Field(description="Participants with a pre-test only.")
    unmatched_post: int = Field(description="Participants with a post-test only.")
    mean_pre: float | None = Field(description=f"Over the matched pairs. {PERCENT}")
    mean_post: float | None = Field(description=f"Over the matched pairs. {PERCENT}")
    mean_gain: float | None = Field(description=f"The mean raw gain. {GAIN}")
    gain_ci95: list[float] | None = Field(
        description="[low, high]: the t interval of the mean gain, mean ± t(0.975, n-1)·sd/√n; "
        "null below two pairs."
    )
    mean_normalized_gain: float | None = Field(
        description="The mean of the normalised gains over the participants for whom it is "
        "defined (pre below 100)."
    )
    wilcoxon_p: float | None = Field(
        description="Two-sided p of the Wilcoxon signed-rank test on the matched pairs (SciPy's "
        "defaults: zero differences dropped); null without pairs or when every difference is 0."
    )
    share_gain_at_least_20: float | None = Field(
        description="The share (0 to 1) of matched participants who gained 20 points or more."
    )


class SummaryParticipant(Schema):
    enrollment_id: uuid.UUID
    person_id: uuid.UUID | None = Field(description="null for a participant withheld from you.")
    name: str = Field(description="“Participant withheld” for one you may not see.")
    pre: float | None = Field(description=PERCENT)
    post: float | None = Field(description=PERCENT)
    gain: float | None = Field(description=f"{GAIN} null without both tests.")
    normalized_gain: float | None = Field(description=NORMALIZED)


class SummaryItem(Schema):
    lineage: uuid.UUID = Field(description="The question, whatever its revision.")
    item_id: uuid.UUID = Field(description="Its latest revision.")
    prompt: str
    kind: ItemKind
    module_id: uuid.UUID | None
    module_title: str | None
    retired: bool = Field(description="No longer in the training's tests.")
    pre_correct_percent: float | None = Field(description=PERCENT)
    post_correct_percent: float | None = Field(description=PERCENT)
    n_pre: int = Field(description="Answers to it in the pre-test.")
    n_post: int = Field(description="Answers to it in the post-test.")


class SummaryModule(Schema):
    module_id: uuid.UUID | None = Field(description="null: the questions tagged with no module.")
    title: str | None
    items: int = Field(description="Its questions.")
    pre_correct_percent: float | None = Field(description=PERCENT)
    post_correct_percent: float | None = Field(description=PERCENT)
    n_pre: int
    n_post: int
    needs_reinforcement: bool | None = Field(
        description="Fewer than 70% of the post-test answers to its questions are correct; "
        "null without post-test answers."
    )


class SummarySelfEfficacy(Schema):
    """The Likert self-efficacy items (1 to 5), apart from knowledge."""

    matched_pairs: int
    unmatched_pre: int
    unmatched_post: int
    mean_pre: float | None
    mean_post: float | None
    mean_change: float | None


class SummaryAttendance(Schema):
    sessions: int = Field(description="Live sessions.")
    participants: int = Field(description="Enrolled or completed participants.")
    mean_attendance_percent: float | None = Field(description=PERCENT)


class SummaryCompletion(Schema):
    invited: int
    enrolled: int = Field(description="Enrolled and not (yet) completed.")
    completed: int
    withdrawn: int


class SummaryFiltersOut(Schema):
    discipline: str
    experience_level: str
    organization_id: uuid.UUID | None
    sex: str


class LearningSummaryOut(LearningFigures):
    participants: list[SummaryParticipant]
    by_discipline: dict[str, LearningFigures] = Field(
        description="Per discipline present (`unspecified`: none recorded)."
    )
    by_experience_level: dict[str, LearningFigures] = Field(
        description="Per experience level present."
    )
    by_item: list[SummaryItem]
    by_module: list[SummaryModule]
    self_efficacy: SummarySelfEfficacy
    attendance: SummaryAttendance
    completion: SummaryCompletion
    filters: SummaryFiltersOut = Field(description="The filters applied.")
