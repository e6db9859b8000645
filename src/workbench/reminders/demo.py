"""Demo data of the reminders: the demo users get addresses under ``demo.example.jp`` (a name
reserved for examples), so ``send_reminders`` after ``make run`` prints their digests with the
console backend. Nothing is sent here: the お知らせ page computes the current items itself."""

from __future__ import annotations

DOMAIN = "demo.example.jp"


def give_addresses(users: dict, report) -> None:
    for username, user in users.items():
        if not user.email:
            user.email = f"{username}@{DOMAIN}"
            user.save(update_fields=["email"])
            report.created.append(f"利用者 {username} のメールアドレス(お知らせのメール用)")
