"""`ckan egovuz …` commands."""
import pytest
from ckan import model
from ckan.cli.cli import ckan as ckan_cli


@pytest.mark.usefixtures("clean_db")
def test_sysadmin_created_then_password_reset(cli):
    result = cli.invoke(ckan_cli, ["egovuz", "sysadmin", "operator", "--password", "First12345!",
                                   "--email", "op@data.egov.uz"])
    assert result.exit_code == 0, result.output
    user = model.User.get("operator")
    assert user.sysadmin and user.validate_password("First12345!")
    result = cli.invoke(ckan_cli, ["egovuz", "sysadmin", "operator", "--password", "Second12345!",
                                   "--email", "op@data.egov.uz"])
    assert result.exit_code == 0, result.output
    model.Session.expire_all()
    user = model.User.get("operator")
    assert user.validate_password("Second12345!") and not user.validate_password("First12345!")


@pytest.mark.usefixtures("clean_db")
def test_xloader_token_is_a_valid_token(cli):
    from ckan.lib.api_token import get_user_from_token
    result = cli.invoke(ckan_cli, ["egovuz", "xloader-token"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    user = get_user_from_token(token)
    assert user is not None and user.sysadmin
