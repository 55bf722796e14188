"""The demo's capacity building: the community liberation curriculum, its knowledge test, and two
trainings with their trainees, attendance, answers and certificates, kept as literal tables.

The five-day community liberation training in Kilifi (Kenya, September 2026) follows the
curriculum for staff and volunteers of three NGOs of the Coast; its paper pre- and post-tests are
entered by staff. Its data is imperfect on purpose: a senior paralegal scores 100% on the
pre-test, two participants have no post-test, one enrolled on the second day and never took the
pre-test, one withdrew, two score lower after the training than before, one attended too few
days, a certificate was revoked after the attendance sheet was corrected, and the legal
frameworks module is the one to reinforce.

The INDH's virtual training for its regional teams (Chile, April 2026, part of the field visit)
has a pre-test only, in Spanish, and a follow-up phase that is still open: personal links are
issued, and a few participants have answered through theirs.

Every trainee is invented, with example.org addresses and +xx 0000 placeholder phones; at most
one has lived experience (an existing person, never named outside the workspace).
"""
