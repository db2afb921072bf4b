// The reference report's form as a SurveyJS survey (model.js: generated from the kind by
// `cargo run --example surveyjs`, see scripts/bench).
const survey = new Survey.Model(window.SURVEY_MODEL);
SurveyUI.renderSurvey(survey, document.getElementById("survey"));
window.survey = survey;
