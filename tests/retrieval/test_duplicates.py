from retrieval.duplicates import find_near_duplicates


def test_rewordings_are_near_duplicates_and_distinct_questions_are_not(encoder):
    questions = [("a", "What is the difference between bagging and boosting?"),
                 ("b", "What's the difference between boosting and bagging?"),
                 ("c", "How do you serve a model behind a REST API?")]
    pairs = find_near_duplicates(questions, encoder)
    assert [(first, second) for first, second, _ in pairs] == [("a", "b")]
