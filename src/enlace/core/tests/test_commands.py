"""The `enlace` commands: create-user, create-workspace, issue-token, the script."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from enlace.accounts.models import User
from enlace.cli import main
from enlace.core.models import ApiToken, Membership, Workspace
from enlace.core.permissions import Role
from enlace.core.services import TOKEN_PREFIX, token_authenticate, token_hash
from enlace.testing import PASSWORD, make_user, make_workspace

GOOD_PASSWORD = "tierra-libre-2024"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    """Run a management command with `stdin` as standard input; return what it printed."""

    def runner(name: str, *args: str, stdin: str = "") -> str:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        out = io.StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue()

    return runner


# create-user


@pytest.mark.django_db
def test_create_user_reads_the_password_from_stdin(run):
    out = run(
        "create_user",
        "--email",
        "  Ana.Quispe@Example.ORG ",
        "--name",
        "Ana Quispe",
        "--password-stdin",
        stdin=GOOD_PASSWORD + "\n",
    )
    user = User.objects.get()
    assert user.email == "ana.quispe@example.org"
    assert user.full_name == "Ana Quispe"
    assert user.check_password(GOOD_PASSWORD)
    assert "Created user ana.quispe@example.org" in out
    assert GOOD_PASSWORD not in out


@pytest.mark.django_db
def test_create_user_again_changes_the_password(run):
    user = make_user("ana@example.org")
    out = run("create_user", "--email", "ana@example.org", "--password-stdin", stdin=GOOD_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert not user.check_password(PASSWORD)
    assert "Updated the password" in out
    assert User.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1", "too short"),
        ("password123", "too common"),
        ("80053219946", "entirely numeric"),
        ("", "too short"),
    ],
)
def test_create_user_refuses_a_weak_password(run, password, reason):
    with pytest.raises(CommandError, match=reason):
        run("create_user", "--email", "ana@example.org", "--password-stdin", stdin=password)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_user_refuses_a_password_like_the_email(run):
    user = make_user("mariana.zuniga@example.org")
    with pytest.raises(CommandError, match="too similar"):
        run(
            "create_user",
            "--email",
            user.email,
            "--password-stdin",
            stdin="mariana.zuniga",
        )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["not-an-email", "ana@", "@example.org", "ana example.org"])
def test_create_user_refuses_a_bad_email(run, email):
    with pytest.raises(CommandError, match="Not an email address"):
        run("create_user", "--email", email, "--password-stdin", stdin=GOOD_PASSWORD)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_user_never_takes_the_password_as_an_argument(run):
    with pytest.raises(CommandError, match="--password-stdin"):
        run("create_user", "--email", "ana@example.org", stdin=GOOD_PASSWORD)
    assert not User.objects.exists()


def test_the_enlace_command_accepts_hyphenated_names(monkeypatch):
    seen: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    main(["enlace", "create-user", "--email", "ana@example.org", "--password-stdin"])
    main(["enlace", "--help"])
    assert seen == [
        ["enlace", "create_user", "--email", "ana@example.org", "--password-stdin"],
        ["enlace", "--help"],
    ]


# create-workspace


@pytest.mark.django_db
def test_create_workspace_with_its_owner(run):
    owner = make_user("chantal@example.org")
    out = run(
        "create_workspace",
        "--slug",
        "asdk",
        "--name",
        "Action Solidaire",
        "--owner",
        " Chantal@Example.org",
    )
    workspace = Workspace.objects.get(slug="asdk")
    assert workspace.name == "Action Solidaire"
    assert workspace.require_mfa_for_admins
    assert not workspace.is_demo
    membership = Membership.objects.get(workspace=workspace)
    assert (membership.user, membership.role) == (owner, Role.OWNER)
    assert "Created workspace asdk" in out


@pytest.mark.django_db
def test_create_workspace_refuses_an_unknown_owner(run):
    with pytest.raises(CommandError, match="enlace create-user"):
        run("create_workspace", "--slug", "asdk", "--name", "ASDK", "--owner", "who@example.org")
    assert not Workspace.objects.exists()


@pytest.mark.django_db
def test_create_workspace_refuses_a_duplicate_slug(run):
    owner = make_user("chantal@example.org")
    run("create_workspace", "--slug", "asdk", "--name", "First", "--owner", owner.email)
    with pytest.raises(CommandError, match="exists already"):
        run("create_workspace", "--slug", "asdk", "--name", "Second", "--owner", owner.email)
    assert list(Workspace.objects.values_list("name", flat=True)) == ["First"]
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_create_workspace_refuses_a_bad_slug(run):
    owner = make_user("chantal@example.org")
    with pytest.raises(CommandError):
        run("create_workspace", "--slug", "not a slug!", "--name", "X", "--owner", owner.email)
    assert not Workspace.objects.exists()


# issue-token


@pytest.mark.django_db
def test_issue_token_prints_the_token_once_and_stores_only_its_hash(run):
    workspace = make_workspace("indh")
    owner = Membership.objects.get(workspace=workspace).user
    out = run("issue_token", "--user", owner.email, "--workspace", "indh", "--name", "laptop")
    lines = out.splitlines()
    assert len(lines) == 1
    key = lines[0]
    assert key.startswith(TOKEN_PREFIX)
    assert len(key) > 40

    token = ApiToken.objects.get()
    stored = [str(v) for v in ApiToken.objects.values_list().get()]
    assert key not in stored
    assert token.key_hash == token_hash(key)
    assert token.name == "laptop"
    assert key.startswith(token.prefix)

    found = token_authenticate(key)
    assert found == token
    assert (found.user, found.workspace) == (owner, workspace)
    assert token_authenticate(key[:-1]) is None

    # A second token is a new secret; the first cannot be shown again.
    again = run("issue_token", "--user", owner.email, "--workspace", "indh").strip()
    assert again != key
    assert ApiToken.objects.count() == 2


@pytest.mark.django_db
def test_issued_token_opens_the_api(run):
    workspace = make_workspace("indh")
    owner = Membership.objects.get(workspace=workspace).user
    key = run("issue_token", "--user", owner.email, "--workspace", "indh").strip()
    client = Client()
    ok = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {key}"})
    assert ok.status_code == 200
    refused = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {key}x"})
    assert refused.status_code == 401


@pytest.mark.django_db
def test_issue_token_refuses_a_non_member_and_unknown_names(run):
    make_workspace("indh")
    stranger = make_user("stranger@example.org")
    with pytest.raises(CommandError, match="not a member"):
        run("issue_token", "--user", stranger.email, "--workspace", "indh")
    with pytest.raises(CommandError, match="No such user or workspace"):
        run("issue_token", "--user", stranger.email, "--workspace", "nowhere")
    with pytest.raises(CommandError, match="No such user or workspace"):
        run("issue_token", "--user", "nobody@example.org", "--workspace", "indh")
    assert not ApiToken.objects.exists()


# The installed console script


def _subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(ENLACE_VAR_DIR=str(tmp_path), ENLACE_PROFILE="local")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def test_the_console_script_runs(tmp_path):
    script = Path(sys.executable).with_name("enlace")
    assert script.exists(), "pip install -e . installs the `enlace` console script"
    env = _subprocess_env(tmp_path)
    listed = subprocess.run(  # noqa: S603 - fixed arguments
        [str(script), "--help"], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert listed.returncode == 0, listed.stderr
    for name in ("create_user", "create_workspace", "issue_token", "demo_data"):
        assert name in listed.stdout
    helped = subprocess.run(  # noqa: S603 - fixed arguments
        [str(script), "create-workspace", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert helped.returncode == 0, helped.stderr
    assert "--owner" in helped.stdout


def test_python_dash_m_enlace_check_passes(tmp_path):
    checked = subprocess.run(
        [sys.executable, "-m", "enlace", "check"],
        capture_output=True,
        text=True,
        env=_subprocess_env(tmp_path),
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout
