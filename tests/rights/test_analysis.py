from relais.rights import engine
from relais.rights.analysis import GUARDED_CONSTANTS, INPUT_VARIABLES
from relais.rights.constant_variables import CONSTANT_VARIABLES


def test_constant_variables_never_include_inputs_or_benefits():
    skipped = CONSTANT_VARIABLES | set(GUARDED_CONSTANTS)
    assert not skipped & INPUT_VARIABLES
    assert not skipped & set(engine.ALL_VARIABLES)
    assert len(CONSTANT_VARIABLES) > 100


def test_guards_of_hand_reviewed_constants_are_never_set(rights_engine):
    """The guards are pure inputs (no formula) that Relais never sets: always their default."""
    tbs = engine.tax_benefit_system()
    assert "ass_precondition_remplie" not in INPUT_VARIABLES
    assert not tbs.variables["ass_precondition_remplie"].formulas
    assert tbs.variables["ass_precondition_remplie"].default_value is False
    # taux_accident_travail comes from exposition_accident (never set: "faible") and is < 10 %.
    assert "exposition_accident" not in INPUT_VARIABLES and "exposition_accident" in CONSTANT_VARIABLES
    assert tbs.variables["exposition_accident"].default_value.name == "faible"
    for year in range(2018, 2027):
        rate = tbs.parameters(
            f"{year}-01-01"
        ).prelevements_sociaux.cotisations_securite_sociale_regime_general.accidents.taux.faible
        assert rate < 0.1
