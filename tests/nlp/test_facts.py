"""Stated totals, on report paragraphs of our own."""


def facts(run, text, **kw):
    return {f.kind: f.value for f in run(text, **kw).facts}


SUMMARY = ("In the 120th month of Coalition operations, 310 trucks and vehicles carrying military supplies "
           "crossed into Syria from the Kurdistan Region of Iraq in seven batches on the 2nd, 5th and 9th of "
           "March and the 14th, 20th, 25th and 29th of March.\n\n"
           "In the past month, the Coalition took part in nine joint security operations with the SDF, "
           "arresting 14 suspects. These operations left three cell members dead.")


def test_batches_trucks_and_dates(run):
    f = facts(run, SUMMARY)
    assert f["trucks"] == 310 and f["batches"] == 7
    assert f["batch_dates"] == ["2024-03-02", "2024-03-05", "2024-03-09", "2024-03-14", "2024-03-20",
                                "2024-03-25", "2024-03-29"]


def test_joint_operations_and_their_results(run):
    f = facts(run, SUMMARY)
    assert f["joint_operations"] == 9 and f["arrested"] == 14 and f["killed"] == 3


def test_enumerated_batch_dates_in_the_next_sentence(run):
    text = ("Last month, monitors saw 120 trucks enter via Semalka crossing in four batches. The first batch "
            "entered on March 3, the second on the 9th of the month, the third on the 17th, and the latter on "
            "the 28th of the same month.")
    f = facts(run, text)
    assert f["batches"] == 4 and f["trucks"] == 120
    assert f["batch_dates"] == ["2024-03-03", "2024-03-09", "2024-03-17", "2024-03-28"]


def test_the_body_wins_over_the_headline(run):
    text = ("Report | 250 trucks enter Syria in six batches\n\n"
            "This month, 240 trucks entered Syria in six batches on the 1st, 3rd, 8th, 12th, 19th and 30th of March.")
    assert facts(run, text)["trucks"] == 240


def test_a_dated_convoy_is_not_a_total(run):
    assert "trucks" not in facts(run, "On March 4, a convoy of 35 trucks entered via Semalka crossing.")


def test_nothing_stated(run):
    assert facts(run, "On March 12, clashes erupted between SDF and tribal fighters in Dhiban.") == {}
