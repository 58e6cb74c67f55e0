"""`ckan egovuz …` commands."""

import pytest
from ckan import model
from ckan.cli.cli import ckan as ckan_cli


@pytest.mark.usefixtures("clean_db")
def test_sysadmin_password_set_only_when_created(cli):
    """`make run` calls `ckan egovuz sysadmin` on every start: a second call keeps the
    password the operator chose (issue 11, item 9); --reset-password resets it."""
    args = ["egovuz", "sysadmin", "operator", "--email", "op@data.egov.uz", "--password"]
    result = cli.invoke(ckan_cli, args + ["First12345!"])
    assert result.exit_code == 0, result.output
    user = model.User.get("operator")
    assert user.sysadmin and user.validate_password("First12345!")
    user.password = "Changed12345!"  # the operator changes it
    model.Session.commit()
    result = cli.invoke(ckan_cli, args + ["First12345!"])
    assert result.exit_code == 0, result.output
    model.Session.expire_all()
    user = model.User.get("operator")
    assert user.sysadmin and user.validate_password("Changed12345!")
    assert not user.validate_password("First12345!")
    result = cli.invoke(ckan_cli, args + ["Second12345!", "--reset-password"])
    assert result.exit_code == 0, result.output
    model.Session.expire_all()
    user = model.User.get("operator")
    assert user.validate_password("Second12345!") and not user.validate_password("Changed12345!")


@pytest.mark.usefixtures("clean_db")
def test_existing_user_becomes_sysadmin_keeping_password(cli):
    from ckan.tests import factories

    factories.User(name="citizen", password="Citizen12345!")
    result = cli.invoke(
        ckan_cli,
        ["egovuz", "sysadmin", "citizen", "--email", "c@example.uz", "--password", "Other12345!"],
    )
    assert result.exit_code == 0, result.output
    model.Session.expire_all()
    user = model.User.get("citizen")
    assert user.sysadmin and user.validate_password("Citizen12345!")


@pytest.mark.usefixtures("clean_db")
def test_xloader_token_is_a_valid_token(cli):
    from ckan.lib.api_token import get_user_from_token

    result = cli.invoke(ckan_cli, ["egovuz", "xloader-token"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    user = get_user_from_token(token)
    assert user is not None and user.sysadmin
