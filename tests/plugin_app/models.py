from django.db import models


class Reading(models.Model):
    number = models.CharField("编号", max_length=20, unique=True)  # 插读〔2026〕1号, from core.sequences
    station = models.CharField("站点", max_length=40)
    value = models.DecimalField("读数", max_digits=8, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number
