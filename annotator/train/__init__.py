"""The learning loop, Qt-free: train a model on reviewed reports, measure it against the rules, let it propose.

API for the CLI and the window (run the slow ones in a worker; they take progress and cancel callables):
- registry.train_and_register(store, reviewer=, progress=, cancel=) -> model entry; registry.model_entries(store);
  store.activate_model(id, reviewer=)
- evaluate.evaluate / cross_validate / curve: rules vs model vs combined on held-out reviewed reports
- rules_report.rule_precision(store): per-rule proposed / accepted / rejected / precision / reasons, flagged
- missed.possibly_missed(store, proposer, ids): the "possibly missed" queue
- propose.Proposer / extractor_for(store): where the rules' and the model's candidates meet
"""
