"""Whole services reports in the `fill` shape (CONTRACTS), with their scores worked out by hand.

CGO (МЮ):
  K1: P1 = (15 + 12 + 9 + 0)/4 = 9 (4,85 → 15; 4,65 → 12; 4,45 → 9; 3,9 → 0); P2 = 10 − 20/100 000 × 10 000 = 8 → 17
  K2: T1 = 12 − 24/120 000 × 10 000 = 10; T2 = 14 − 5/100 000 × 10 000 = 13,5; T3 = 12 − 1 = 11; T4 = 12 − 3 = 9 → 43,5
  K3: T = (30 + 50)/100 × 10 = 8; V = ((60/100) + (1 − 20/80))/2 × 10 = 6,75; C = 40/80 × 5 = 2,5; P = 0,2 × 10 = 2;
      D = 1; S = 1 → 8 + 6,75 + 2,5 − 2 + 1 + 1 = 17,25
  U = 17 + 43,5 + 17,25 = 77,75 → средняя
MIO (АКТО), the same report figures without the automation sheet:
  M1: P1 = (20 + 16 + 12 + 0)/4 = 12; P2 = 20 − 2 = 18 → 30
  M2: T1 = 14 − 2 = 12; T2 = 18 − 0,5 = 17,5; T3 = 14 − 1 = 13; T4 = 14 − 3 = 11 → 53,5
  T = 30 + 53,5 = 83,5 → средняя
"""

from __future__ import annotations

REPORT = {"rendered_total": 100000, "rendered_incl_electronic": 120000, "justified_complaints": 20, "late": 24,
          "unjustified_refusals": 5, "incomplete_package": 10, "extra_documents": 30}
AUTOMATION = {"kinds_total": 100, "kinds_partial": 30, "kinds_full": 50, "volume_electronic": 60, "volume_total": 100,
              "automated_paper": 20, "automated_total": 80, "kinds_mobile": 40, "downtime_hours": 10,
              "kinds_proactive": 1, "digital_documents": 1}
MONITORING = [{"service": "Государственная регистрация юридических лиц", "satisfaction": 4.85},
              {"service": "Апостилирование официальных документов", "satisfaction": 4.65},
              {"service": "Выдача справки о судимости", "satisfaction": 4.45},
              {"service": "Регистрация прав на недвижимое имущество", "satisfaction": 3.9}]

CGO_REPORT = {"edition": "2023-01", "period": 2022,
              "body": {"name": "Министерство юстиции Республики Казахстан", "type": "cgo", "code": "МЮ"},
              "services": {**REPORT, **AUTOMATION, "monitoring": MONITORING}}
MIO_REPORT = {"edition": "2023-01", "period": 2022,
              "body": {"name": "Акимат Актюбинской области", "type": "mio", "code": "АКТО"},
              "services": {**REPORT, "monitoring": MONITORING}}

CGO_CRITERIA = {"K1": 17.0, "K2": 43.5, "K3": 17.25}
CGO_U = 77.75
MIO_CRITERIA = {"M1": 30.0, "M2": 53.5}
MIO_T = 83.5
