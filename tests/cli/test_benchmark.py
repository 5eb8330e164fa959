import json

from click.testing import CliRunner

from annotator.cli import main


def test_benchmark_imports_generated_reports_and_prints_figures():
    result = CliRunner().invoke(main, ["benchmark", "--reports", "25", "--no-extract", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output[result.output.index("{"):])
    assert figures["import_documents"] == 25 and figures["import_failed"] == 0
    assert figures["import_no_extract_s"] > 0 and figures["import_no_extract_docs_per_s"] > 0


def test_benchmark_table_names_each_goal():
    result = CliRunner().invoke(main, ["benchmark", "--reports", "10", "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "import_no_extract_s" in result.output and "goal <= 10.0" in result.output
