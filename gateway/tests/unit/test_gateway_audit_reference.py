"""The audit trail names a patient by one INS however the vendor typed it (issue 16): the path's or the
query's NIR, spaced as on the card or compact, is recorded compact, so a search by INS finds them all."""

from gateway.domain.audit import patient_reference
from gateway.domain.habilitations import PatientRef


def test_a_spaced_ins_in_the_path_or_the_query_is_recorded_compact() -> None:
    in_path = PatientRef("record", ins_param="ins")
    in_query = PatientRef("identity", ins_query="matricule")

    assert patient_reference(in_path, {"ins": "1 84 12 76 451 089 46"}, {}) == (None, "184127645108946")
    assert patient_reference(in_path, {"ins": "253072a07300470"}, {}) == (None, "253072A07300470")
    assert patient_reference(in_query, {}, {"matricule": "2 95 10 99 126 111 93"})[1] == "295109912611193"
    assert patient_reference(in_query, {}, {}) == (None, None)
