Attribute VB_Name = "xlscore"
' xlscore buttons for classic xlwings (RunPython): Python with xlscore and xlwings installed on the PC.
' Import into a macro workbook (or PERSONAL.XLSB) whose VBA project references the xlwings add-in
' (Tools > References > xlwings). The buttons act on the ACTIVE workbook, so reports stay .xlsx.
' Russian captions are built from code points (Ru), so the file imports the same under any code page.
' Guide: docs/macros-guide.md.
Option Explicit

Public Sub XlscoreCheck()
    RunPython "from toolkit.excel import macros; macros.check()"
End Sub

Public Sub XlscoreCalculate()
    RunPython "from toolkit.excel import macros; macros.calculate()"
End Sub

Public Sub XlscoreExplain()
    RunPython "from toolkit.excel import macros; macros.explain()"
End Sub

' Puts the three buttons on the active sheet of THIS workbook (the macro workbook), one below the other.
Public Sub XlscoreAddButtons()
    Dim ws As Worksheet
    Set ws = ThisWorkbook.ActiveSheet
    AddButton ws, 10, "XlscoreCheck", Ru("041F 0440 043E 0432 0435 0440 0438 0442 044C")
    AddButton ws, 50, "XlscoreCalculate", Ru("0420 0430 0441 0441 0447 0438 0442 0430 0442 044C")
    AddButton ws, 90, "XlscoreExplain", Ru("041F 043E 044F 0441 043D 0438 0442 044C")
End Sub

Private Sub AddButton(ws As Worksheet, top As Double, macro As String, caption As String)
    Dim b As Object
    Set b = ws.Buttons.Add(10, top, 160, 32)
    b.OnAction = "'" & ThisWorkbook.Name & "'!" & macro
    b.Caption = caption
End Sub

' "041F 0440" -> the text of those Unicode code points (hex, separated by spaces).
Private Function Ru(codes As String) As String
    Dim part As Variant, out As String
    For Each part In Split(codes, " ")
        out = out & ChrW(CLng("&H" & part))
    Next part
    Ru = out
End Function
