"""The role check: a claim pinned on the other party of a comparison (retrieval/roles.py)."""

from retrieval.roles import crossed, parties

QUESTION = "What is the difference between bagging and boosting?"
POINTS = ("Bagging trains models independently on bootstrap samples and averages them, "
          "which mainly reduces variance",
          "Boosting trains models sequentially, each correcting the errors of the current "
          "ensemble, which mainly reduces bias")
COMPARED = parties(QUESTION, POINTS)


def test_the_parties_are_those_the_question_names_side_by_side():
    assert COMPARED == {"bagg", "boost"}
    assert parties("What does dropout do, and why does it reduce overfitting?",
                   ("Dropout zeroes units at random",
                    "Overfitting falls because units cannot co-adapt")) == set()


def test_a_claim_pinned_on_the_other_party_is_crossed():
    swapped = ("Boosting trains its models independently on bootstrap samples and averages them, so it "
               "reduces variance. Bagging builds them sequentially, each correcting the ensemble's errors, "
               "which reduces bias.")
    assert crossed(POINTS[0], swapped, COMPARED)
    assert crossed(POINTS[1], swapped, COMPARED)


def test_the_right_way_round_in_other_words_is_not_crossed():
    right = ("Unlike boosting, bagging fits each model independently on a bootstrap sample and averages "
             "the models, which mostly cuts variance; boosting fits them one after another, sequentially, "
             "each correcting the errors so far, mostly cutting bias.")
    assert not crossed(POINTS[0], right, COMPARED)
    assert not crossed(POINTS[1], right, COMPARED)


def test_a_pronoun_continues_its_party_and_an_object_is_not_a_subject():
    assert not crossed(POINTS[0], "Bagging is simple. It trains models independently on bootstrap "
                       "samples and averages them to reduce variance.", COMPARED)
    oil = parties("Oil and water are layered in a cup. What does the layering tell you?",
                  ("The oil is less dense", "The water is denser than oil"))
    assert not crossed("The oil is less dense", "It is less dense than water.", oil)
    assert crossed("The oil is less dense", "Water is less dense than oil.", oil)


def test_a_point_about_both_parties_or_an_answer_that_never_states_it_is_not_checked():
    assert not crossed("Bagging and boosting both combine many models", "Boosting combines models.", COMPARED)
    assert not crossed(POINTS[0], "Boosting is an ensemble method.", COMPARED)


def test_each_party_of_a_two_party_point_is_checked_and_shared_first_words_are_told_apart():
    question = "What is the difference between the standard deviation and the standard error?"
    points = ("The standard deviation measures the spread of individual observations",
              "The standard error is the spread of an estimate across repeated samples")
    compared = parties(question, points)
    assert compared == {"devi", "error"}  # stems
    swapped = ("The standard error describes the spread of the individual observations, while the "
               "standard deviation is the spread of an estimate across repeated samples.")
    assert crossed(points[0], swapped, compared, question)
    assert not crossed(points[0], swapped.replace("error", "X").replace("deviation", "error")
                       .replace("X", "deviation"), compared, question)
    bfs = parties("Compare BFS and DFS.", ("BFS uses a queue and explores level by level, while "
                                           "DFS uses a stack or recursion and goes deep",))
    point = "BFS uses a queue and explores level by level, while DFS uses a stack or recursion and goes deep"
    assert crossed(point, "DFS keeps a FIFO queue and explores level by level; BFS uses a stack and "
                   "goes deep first.", bfs)
    assert not crossed(point, "BFS keeps a FIFO queue and explores level by level; DFS uses a stack "
                       "and goes deep first.", bfs)
