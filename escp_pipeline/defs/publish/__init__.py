"""Figures, the HTML progress report and the workbook for report authors."""
