"""An event dated outside its report's window is said plainly in the candidate list and the inspector."""
from annotator.domain import Event
from annotator.gui.candidate_list import item_text
from annotator.gui.inspector import EventForm
from annotator.review import Item


def _event(in_period):
    return Event(type="airstrike", start=0, end=10, evidence="x", date="2019-03-21", in_period=in_period, id=1)


def test_the_candidate_list_marks_dates_outside_the_period():
    assert "2019-03-21 (outside the period)" in item_text(Item("event", _event(False)))
    assert "outside" not in item_text(Item("event", _event(True)))
    assert "outside" not in item_text(Item("event", _event(None)))  # a report without a period


def test_the_inspector_warns_about_dates_outside_the_period(qtbot):
    form = EventForm()
    qtbot.addWidget(form)
    form.show_event(Item("event", _event(False)))
    assert "outside the report's period" in form.period_warning.text()
    assert not form.period_warning.isHidden()
    form.show_event(Item("event", _event(True)))
    assert form.period_warning.isHidden()
