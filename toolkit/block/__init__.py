"""The block «Взаимодействие государственного органа с физическими и юридическими лицами» (п.107,
METHODOLOGY §5): its score from a body's three directions (`compute`), the files of one run that belong
to one body (`group`), and its conclusion in the form of Прил. 15 (`conclusion`)."""
