"""Published consent texts (version 1 is created by migration 0002 with these words)."""

VERSION_1 = "1"

TEXT_FR = """Vous donnez votre accord pour que les aidants de la structure nommée ci-dessous fassent
des démarches à votre place, seulement dans les domaines que vous avez choisis, et seulement
jusqu'à la date de fin.

- Les aidants n'utilisent jamais votre mot de passe. Ne le donnez à personne.
- Tout ce qu'ils font pour vous est enregistré. Vous pouvez le voir dans votre espace Relais
  ou en le demandant à la structure.
- Vous pouvez retirer votre accord à tout moment, pour un domaine ou pour tout, depuis votre
  espace ou en le demandant à la structure. Le retrait compte tout de suite.
- À la date de fin, l'accord s'arrête tout seul.
- Vos informations servent seulement à vos démarches. Elles ne sont pas vendues ni données à
  d'autres personnes."""

TEXT_EN = """You agree that the helpers of the organisation named below may carry out procedures
for you, only in the areas you chose, and only until the end date.

- Helpers never use your password. Never give it to anyone.
- Everything they do for you is recorded. You can see it in your Relais space or ask the
  organisation.
- You can withdraw your agreement at any time, for one area or for all, from your space or by
  asking the organisation. The withdrawal takes effect immediately.
- On the end date, the agreement stops by itself.
- Your information is used only for your procedures. It is not sold or given to anyone else."""
