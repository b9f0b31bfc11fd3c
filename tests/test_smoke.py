"""The shortest path through the toolkit: a filled template scores as computed by hand."""

from toolkit.check import check_file
from toolkit.run import score_file


def test_filled_template_scores_by_hand(filled_template):
    path = filled_template()  # m=1000 p=950 f=3 a=0 n=1 d=4 x=0
    assert check_file(path).valid
    result = score_file(path).result
    complaints = result.directions["complaints"]
    # R1 = 40 − 3/950×1000 = 36.842105…; R2 = 30 (a = 0); R3 = 20 − 1/1000×100 = 19.9; R4: 4/4 = 100 % → 10
    assert complaints.score == __import__("pytest").approx(36.8421052631579 + 30 + 19.9 + 10)
