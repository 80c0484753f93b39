"""Names of the daily values kept per station and region (24-hour means, O3 daily maximum 8-hour and
1-hour values). Pure: shared by the models, the statistics and the exports, with no Django import."""

DAILY_FIELDS = ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max")
