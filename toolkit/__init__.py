"""xlscore: reporting templates, validation and scoring for the operational assessment of the block
«Взаимодействие государственного органа с физическими и юридическими лицами»."""

__version__ = "0.1.0"
