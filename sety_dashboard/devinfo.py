"""What `make run` prints before starting: where things are and how to sign in.

On first run it issues an admin API key and keeps the secret in
`.sety/admin-key` (git-ignored, readable by the owner only), so every later
`make run` can print the same key.
"""

from __future__ import annotations

from pathlib import Path

from sety_dashboard.core.db import write_session
from sety_dashboard.core.files import private_dir, private_file
from sety_dashboard.core.settings import get_settings
from sety_dashboard.demo.seed import DEMO_PASSWORD, DEMO_USERS
from sety_dashboard.domain.keys.service import CreateApiKeyRequest, create_key

KEY_FILE = Path(".sety/admin-key")


def admin_secret() -> str:
    if KEY_FILE.exists():
        private_dir(KEY_FILE.parent)  # narrow folders made before 0700 was the rule
        private_file(KEY_FILE)
        return KEY_FILE.read_text().strip()
    with write_session() as session:
        _, secret = create_key(session, request=CreateApiKeyRequest(name="make run admin",
                                                                    scopes=["admin"]))
    private_dir(KEY_FILE.parent)
    private_file(KEY_FILE)
    KEY_FILE.write_text(secret + "\n")
    return secret


def main() -> None:
    secret = admin_secret()
    print("\n  Sety (development)")
    print("  dashboard  http://localhost:3000")
    print("  API        http://localhost:8000/v1   docs http://localhost:8000/docs")
    print(f"  admin API key   {secret}")
    print(f"  clock times in  {get_settings().timezone} (SETY_TIMEZONE)")
    print(f"  dashboard sign-in (password for all: {DEMO_PASSWORD})")
    for email, _name, role in DEMO_USERS:
        print(f"    {role:<11} {email}")
    print()


if __name__ == "__main__":
    main()
