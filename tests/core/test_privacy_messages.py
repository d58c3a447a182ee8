"""A finding whose message quotes a personal value is withheld whatever its rule and path
(batch rules and currency sets quote key values found elsewhere in the record)."""

from __future__ import annotations

from seamguard.core.privacy import PersonalData, withhold, withhold_reasons
from seamguard.core.validation.verdict import Verdict, Violation

DOC = {"order_id": "A", "customer": {"email": "jane.secret@example.com"}, "currency": "USD"}
PERSONAL = PersonalData.of(("/customer/email",))


def _verdict(message: str, rule: str = "unique.duplicate", path: str = "/order_id") -> Verdict:
    return Verdict(
        record=2,
        line=2,
        violations=(Violation(path=path, rule=rule, keyword="unique", message=message),),
    )


def test_a_batch_message_quoting_a_personal_key_is_withheld() -> None:
    v = withhold(
        _verdict(
            "record 2 repeats the key /order_id = 'A', /customer/email = 'jane.secret@example.com'"
        ),
        DOC,
        PERSONAL,
    )
    (found,) = v.violations
    assert "jane.secret" not in found.message
    assert (found.rule, found.path) == ("unique.duplicate", "/order_id")


def test_a_message_without_personal_values_is_kept() -> None:
    message = "record 2 repeats the key /order_id = 'A' of record 1"
    assert withhold(_verdict(message), DOC, PERSONAL).violations[0].message == message


def test_stored_reasons_too() -> None:
    reasons = [
        {
            "rule": "same-currency.mixed",
            "path": "/currency",
            "keyword": "same-currency",
            "message": "'USD' at /currency differs from 'jane.secret@example.com'",
        }
    ]
    (out,) = withhold_reasons(reasons, PERSONAL, DOC)
    assert "jane.secret" not in out["message"]
