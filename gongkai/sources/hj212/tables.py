"""Code tables of HJ 212-2017 (污染物在线监控（监测）系统数据传输标准), as data.

Pure: no Django. Every table cites its place in the standard (see shared/domain/standards.md §5, marked A
there: read in the standard's text). Chinese labels are the standard's names, shown in the console."""

from __future__ import annotations

from gongkai.core.labelled import gettext_noop

# §6.2 / Table 5: system codes (ST). 10–29 environmental quality, 30–49 pollution sources,
# 50–69 process (工况), 91–99 system interaction, A0–Z9 extension.
SYSTEM_CODES: dict[str, str] = {
    "21": gettext_noop("地表水质量监测"),
    "22": gettext_noop("空气质量监测"),
    "23": gettext_noop("声环境质量监测"),
    "24": gettext_noop("地下水质量监测"),
    "25": gettext_noop("土壤质量监测"),
    "26": gettext_noop("海水质量监测"),
    "27": gettext_noop("挥发性有机物监测"),
    "31": gettext_noop("大气环境污染源"),
    "32": gettext_noop("地表水体环境污染源"),
    "33": gettext_noop("地下水体环境污染源"),
    "34": gettext_noop("海洋环境污染源"),
    "35": gettext_noop("土壤环境污染源"),
    "36": gettext_noop("声环境污染源"),
    "37": gettext_noop("振动环境污染源"),
    "38": gettext_noop("放射性环境污染源"),
    "39": gettext_noop("工地扬尘污染源"),
    "41": gettext_noop("电磁环境污染源"),
    "51": gettext_noop("烟气排放过程监控"),
    "52": gettext_noop("污水排放过程监控"),
    "91": gettext_noop("系统交互"),
}

# Table 9: command codes (CN) and their meaning.
COMMANDS: dict[str, str] = {
    "1000": "设置超时时间及重发次数",
    "1011": "提取/上传现场机时间",
    "1012": "设置现场机时间",
    "1013": "现场机时间校准请求",
    "1061": "提取实时数据间隔",
    "1062": "设置实时数据间隔",
    "1063": "提取分钟数据间隔",
    "1064": "设置分钟数据间隔",
    "1072": "设置现场机访问密码",
    "2011": "实时数据",
    "2012": "停止察看实时数据",
    "2021": "设备运行状态",
    "2022": "停止察看设备运行状态",
    "2031": "日数据",
    "2041": "设备运行时间日历史数据",
    "2051": "分钟数据",
    "2061": "小时数据",
    "2081": "数采仪开机时间",
    "3011": "零点校准量程校准",
    "3012": "即时采样",
    "3013": "启动清洗/反吹",
    "3014": "比对采样",
    "3015": "超标留样",
    "3016": "设置采样时间周期",
    "3017": "提取采样时间周期",
    "3018": "提取出样时间",
    "3019": "提取设备唯一标识",
    "3020": "提取/上传现场机信息",
    "3021": "设置现场机参数",
    "9011": "请求应答",
    "9012": "执行结果",
    "9013": "通知应答",
    "9014": "数据应答",
}

# The data uploads the receiver stores (issue 16): real-time, minute, hourly, daily pollutant data,
# equipment running state (2021), daily running time (2041) and data-logger boot time (2081).
DATA_COMMANDS = frozenset({"2011", "2021", "2031", "2041", "2051", "2061", "2081"})

# Table 7 (请求命令返回 QnRtn) and Table 6 (执行结果 ExeRtn).
QN_RTN: dict[int, str] = {
    1: "准备执行请求",
    2: "请求被拒绝",
    3: "PW 错误",
    4: "MN 错误",
    5: "ST 错误",
    6: "Flag 错误",
    7: "QN 错误",
    8: "CN 错误",
    9: "CRC 校验错误",
    100: "未知错误",
}
EXE_RTN: dict[int, str] = {
    1: "执行成功",
    2: "执行失败，但不知道原因",
    3: "命令请求条件错误",
    4: "通讯超时",
    5: "系统繁忙不能执行",
    6: "系统故障",
    100: "没有数据",
}

# Table 8: data flags (数据标记, field suffix -Flag). Only N counts as valid monitoring data
# (standards.md §6); the others mark why a value is not normal data.
DATA_FLAGS: dict[str, str] = {
    "N": "正常",
    "F": "停运",
    "M": "维护",
    "S": "手工输入的设定值",
    "D": "故障",
    "C": "校准",
    "T": "超测定上限",
    "B": "通讯异常",
}
VALID_DATA_FLAG = "N"

# Table 4: field suffixes (字段名后缀) of a pollutant item. Numeric ones must carry a number.
NUMERIC_SUFFIXES = frozenset(
    {
        "Rtd",
        "Min",
        "Avg",
        "Max",
        "Cou",
        "ZsRtd",
        "ZsMin",
        "ZsAvg",
        "ZsMax",
        "RT",
        "Data",
        "DayData",
        "NightData",
    }
)
KNOWN_SUFFIXES = NUMERIC_SUFFIXES | {"Flag", "EFlag", "SampleTime", "RS", "Info", "SN"}

# Appendix B: pollutant codes (HJ 525-2009 water, Table B.1; HJ 524-2009 air, Table B.2) with the
# default concentration unit and the HJ/T 212-2005 code they replace. Only the rows transcribed in
# standards.md §5.8 are here; codes outside the table pass through unchanged and are reported as
# unknown (the console lets staff map them per device).
POLLUTANTS: dict[str, tuple[str, str]] = {
    "w00000": ("污水", "L/s"),
    "w01001": ("pH值", ""),
    "w01009": ("溶解氧", "mg/L"),
    "w01010": ("水温", "℃"),
    "w01012": ("悬浮物", "mg/L"),
    "w01014": ("电导率", "μS/cm"),
    "w01017": ("五日生化需氧量", "mg/L"),
    "w01018": ("化学需氧量", "mg/L"),
    "w01019": ("高锰酸盐指数", "mg/L"),
    "w01020": ("总有机碳", "mg/L"),
    "w02003": ("粪大肠菌群", "个/L"),
    "w19002": ("阴离子表面活性剂", "mg/L"),
    "w20111": ("总汞", "μg/L"),
    "w20115": ("总镉", "μg/L"),
    "w20116": ("总铬", "mg/L"),
    "w20117": ("六价铬", "μg/L"),
    "w20119": ("总砷", "μg/L"),
    "w20120": ("总铅", "μg/L"),
    "w20122": ("总铜", "mg/L"),
    "w20123": ("总锌", "mg/L"),
    "w21001": ("总氮", "mg/L"),
    "w21003": ("氨氮", "mg/L"),
    "w21011": ("总磷", "mg/L"),
    "w21016": ("氰化物", "mg/L"),
    "w21017": ("氟化物", "mg/L"),
    "w21019": ("硫化物", "mg/L"),
    "w22001": ("石油类", "mg/L"),
    "w23002": ("挥发酚", "mg/L"),
    "a00000": ("废气", "m³/s"),
    "a01001": ("温度", "℃"),
    "a01002": ("湿度", "%"),
    "a01006": ("气压", "kPa"),
    "a01007": ("风速", "m/s"),
    "a01008": ("风向", "°"),
    "a01011": ("烟气流速", "m/s"),
    "a01012": ("烟气温度", "℃"),
    "a01013": ("烟气压力", "kPa"),
    "a01014": ("烟气湿度", "%"),
    "a19001": ("氧气含量", "%"),
    "a21001": ("氨", "mg/m³"),
    "a21002": ("氮氧化物", "mg/m³"),
    "a21003": ("一氧化氮", "mg/m³"),
    "a21004": ("二氧化氮", "mg/m³"),
    "a21005": ("一氧化碳", "mg/m³"),
    "a21026": ("二氧化硫", "mg/m³"),
    "a21028": ("硫化氢", "mg/m³"),
    "a24088": ("非甲烷总烃", "mg/m³"),
    # The standard prints ng/m³ for particulates; stations send µg/m³ (standards.md §5.8): the
    # unit here is what arrives in practice, and a device's mapping may override it.
    "a34001": ("总悬浮颗粒物", "μg/m³"),
    "a34002": ("可吸入颗粒物PM10", "μg/m³"),
    "a34004": ("细颗粒物PM2.5", "μg/m³"),
    "a34013": ("烟尘", "mg/m³"),
}

# Appendix B, column "原编码" (HJ/T 212-2005 code) → HJ 212-2017 code. The water codes are three
# characters and the air codes two, so the two tables never collide; 2017 codes are six characters.
OLD_CODES: dict[str, str] = {
    "B01": "w00000",
    "001": "w01001",
    "003": "w01012",
    "010": "w01017",
    "011": "w01018",
    "015": "w01020",
    "550": "w02003",
    "520": "w19002",
    "020": "w20111",
    "022": "w20115",
    "023": "w20116",
    "024": "w20117",
    "026": "w20119",
    "027": "w20120",
    "029": "w20122",
    "030": "w20123",
    "065": "w21001",
    "060": "w21003",
    "101": "w21011",
    "070": "w21016",
    "072": "w21017",
    "071": "w21019",
    "080": "w22001",
    "110": "w23002",
    "B02": "a00000",
    "S01": "a19001",
    "S02": "a01011",
    "S03": "a01012",
    "S05": "a01014",
    "S08": "a01013",
    "01": "a34013",
    "02": "a21026",
    "03": "a21002",
    "04": "a21005",
    "05": "a21028",
    "10": "a21001",
}
