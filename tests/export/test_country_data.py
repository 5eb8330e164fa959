"""geo.py reads a country's countryinfo record from its own file (not CountryInfo, which reads all of them): the
same record as the library's for every country the exports name, and CountryInfo's answer for other names."""
import pytest

from annotator.export import geo


def _countries():
    named = {e.get("country") for e in geo.gazetteer().values() if e.get("country")}
    return sorted(named | set(geo.KNOWN_COUNTRIES) | {geo.DEFAULT_COUNTRY})


def _librarys(name):
    from countryinfo import CountryInfo

    info = CountryInfo(name).info()
    info.pop("google")  # info() adds a search link to the record
    return info


@pytest.mark.parametrize("name", _countries())
def test_a_country_record_is_the_librarys(name):
    assert geo._country_data(name) == _librarys(name)


def test_the_countries_named_are_read_from_their_own_file(monkeypatch):
    import countryinfo

    def no_library(*_a, **_k):
        raise AssertionError("CountryInfo was asked")

    monkeypatch.setattr(countryinfo, "CountryInfo", no_library)
    for name in _countries():
        assert geo._country_data(name)["geoJSON"]["features"]


@pytest.mark.parametrize("name", ["SYR", "syria", "Syrian Arab Republic", "Burma"])
def test_other_names_are_resolved_by_countryinfo(name):
    got = geo._country_data(name)
    got.pop("google", None)
    assert got == _librarys(name)
