"""Run one benchmark module in this process (called by bench/run.py)."""

import importlib
import json
import sys

import django


def main() -> None:
    module_name, only = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    django.setup()
    if getattr(importlib.import_module(f"bench.{module_name}"), "MIGRATE", True):
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    module = importlib.import_module(f"bench.{module_name}")
    for record in module.run(only):
        if only and not record["bench"].startswith(only):
            continue
        print(json.dumps(record, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
