"""Documents generated from an election: the printed ballot, the counting minutes (.docx and
.pdf from one content model), the results (.xlsx, .pptx, hall display) and the entry journal.

Every document reads the models and the STORED result of a closed round (round.result); none
of them counts anything, so the minutes, the screen and `daihoi count` can never disagree.
"""
