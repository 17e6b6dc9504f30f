"""Published consent texts of the follow-up (« suivi »); version 1 is created by migration 0002 with these words."""

VERSION_1 = "1"

TEXT_FR = """Vous donnez votre accord pour que la structure nommée ci-dessous vous suive : ses aidants
gardent un dossier sur votre situation pour mieux vous accompagner.

- Ce que la structure verra : vos démarches, vos documents, vos droits et ce qui est en attente,
  seulement dans les domaines que vous avez choisis (ou dans tous, si vous l'avez choisi), et
  seulement jusqu'à la date de fin.
- Ses aidants pourront écrire des notes sur votre accompagnement. Vous pouvez demander à les lire :
  elles font partie de vos données.
- Ce que la structure ne fera jamais avec ce suivi : agir à votre place, déposer ou modifier une
  démarche pour vous, utiliser votre mot de passe. Pour cela, il faut un mandat, à part.
- Chaque consultation de votre dossier est enregistrée. Vous pouvez la voir dans votre espace Relais.
- Vous pouvez retirer votre accord à tout moment, depuis votre espace (« Mes suivis ») ou en le
  demandant à la structure. Le retrait compte tout de suite. À la date de fin, l'accord s'arrête tout seul."""

TEXT_EN = """You agree that the organisation named below follows you: its helpers keep a file on your
situation to support you better.

- What the organisation will see: your procedures, your documents, your benefits and what is pending,
  only in the areas you chose (or in all of them, if you chose so), and only until the end date.
- Its helpers may write notes about the support they give you. You may ask to read them: they are
  part of your data.
- What the organisation will never do with this follow-up: act in your name, submit or change a
  procedure for you, use your password. That needs a mandate, separately.
- Every time your file is read, it is recorded. You can see it in your Relais space.
- You can withdraw your agreement at any time, from your space ("My follow-ups") or by asking the
  organisation. The withdrawal takes effect immediately. On the end date, the agreement stops by itself."""
