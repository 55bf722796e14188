"""Learning pages: curricula and assessments, the pages of one training (settings, sessions,
enrolments, attendance, instruments and links, paper tests, certificates), its dashboard, and a
participant's record across trainings."""
