# Everyday commands; run them inside a virtual environment.
.PHONY: dev demo test lint format migrations messages bench

dev:
	python -m pip install -e ".[test]"

demo:
	eenplan demo

test:
	pytest

lint:
	ruff check .
	ruff format --check .
	EENPLAN_DEMO=true eenplan manage makemigrations --check --dry-run

format:
	ruff format .
	ruff check --fix .

migrations:
	EENPLAN_DEMO=true eenplan manage makemigrations

# Update the English catalogue after changing Dutch UI text (needs gettext), then translate and compile.
messages:
	cd src/eenplan && EENPLAN_DEMO=true django-admin makemessages -l en --settings=eenplan.settings -i "static/*"
	cd src/eenplan && EENPLAN_DEMO=true django-admin compilemessages --settings=eenplan.settings


# Benchmarks (not part of the tests): social-map search quality, HSDS import and search latency at 100k.
bench:
	python benchmarks/socialmap_search.py
