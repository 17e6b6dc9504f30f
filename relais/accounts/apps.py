from relais.core import apps as core


class AccountsConfig(core.RelaisAppConfig):
    name = "relais.accounts"
    label = "accounts"
    modules = ("journal_actions", "search_index")
