"""The catalogue the demo ships (and a bureau can start from): the 政府信息公开 column's standard
parts (指南, 制度, 法定主动公开内容 under 条例 Art. 20, 年报) and the ecology-environment rows of the
标准目录 (生态环境领域基层政务公开标准指引, 环办厅函〔2019〕672号) that local catalogues copying the
national template agree on (shared/domain/regulations.md §5; the full national row list is not
confirmed, so only those rows are here).

Pure data: one dict per row, keyed like CatalogueItem's fields."""

from __future__ import annotations

CHANNELS_WEB = ["政府网站", "两微一端", "政务服务中心", "便民服务站"]
# 公开依据 in force (issue 20): 《排污许可管理条例》 (2021) and 《排污许可管理办法》 (2024) replace
# the 《排污许可管理办法（试行）》; 《企业环境信息依法披露管理办法》 (2022) replaces
# 《企业事业单位环境信息公开办法》; 《噪声污染防治法》 (2022) replaces 《环境噪声污染防治法》.
PERMIT_LAWS = "《排污许可管理条例》《排污许可管理办法》《企业环境信息依法披露管理办法》"
# 双公示: 行政许可 and 行政处罚 decisions are published within 7 working days of the decision
# (国办发〔2015〕51号 item 十八; 发改办财金〔2018〕424号), stricter than 条例 Art. 26's 20.
DOUBLE_PUBLICITY_DAYS = 7
DOUBLE_PUBLICITY_BASIS = "；决定信息：国办发〔2015〕51号、发改办财金〔2018〕424号（双公示，7个工作日内）"
ENVIRONMENT_LAWS = (
    "《中华人民共和国环境保护法》、水、大气、海洋、噪声、土壤、固体废物、放射性污染防治法、核安全法、"
    "环境影响评价法，《中华人民共和国政府信息公开条例》，《环境行政处罚办法》"
)


def _row(code, name, *, content="", basis="", days=20, start="formed", channels=None, audience="全社会",
         method="主动", level="市级、县级", link="", department="办公室",
         replace_on_change=False):  # fmt: skip
    return {
        "code": code,
        "name": name,
        "content": content,
        "basis": basis,
        "time_limit_days": days,
        "time_limit_start": start,
        "department": department,
        "channels": channels if channels is not None else ["政府网站"],
        "audience": audience,
        "method": method,
        "level": level,
        "link": link,
        "replace_on_change": replace_on_change,
        "order": 0,
    }


STANDARD_CATALOGUE = [
    _row(
        "01",
        "政府信息公开指南",
        content="公开指南（分类、编排体系、获取方式，政府信息公开工作机构的名称、办公地址、"
        "办公时间、联系电话、传真号码、互联网联系方式）",
        basis="《中华人民共和国政府信息公开条例》第十二条",
        link="/xxgk/guide/",
    ),
    _row(
        "02",
        "政府信息公开制度",
        content="保密审查、依申请公开办理、政策解读、信息发布审核等工作制度",
        basis="《中华人民共和国政府信息公开条例》第六条、第十七条",
        link="/xxgk/rules/",
    ),
    _row(
        "03",
        "法定主动公开内容",
        content="《中华人民共和国政府信息公开条例》第二十条规定应当主动公开的政府信息",
        basis="《中华人民共和国政府信息公开条例》第十九条、第二十条",
    ),
    _row(
        "03.01",
        "机构职能",
        content="机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
        basis="《中华人民共和国政府信息公开条例》第二十条第（二）项",
    ),
    _row(
        "03.02",
        "法规文件",
        content="规章、行政规范性文件及其他文件；规范性文件的有效性、失效或废止情况",
        basis="《中华人民共和国政府信息公开条例》第二十条第（一）项",
        department="法规科",
        channels=["政府网站", "政府公报"],
    ),
    _row(
        "03.03",
        "政策解读",
        content="政策文件的文字解读、图文解读、音视频解读",
        basis="《中华人民共和国政府信息公开条例》第二十条第（一）项",
        department="法规科",
    ),
    _row(
        "03.04",
        "规划计划",
        content="生态环境保护规划、专项规划及相关政策",
        basis="《中华人民共和国政府信息公开条例》第二十条第（三）项",
        department="规划科",
    ),
    _row(
        "03.05",
        "统计信息",
        content="生态环境统计信息、环境质量状况公报",
        basis="《中华人民共和国政府信息公开条例》第二十条第（四）项",
        department="监测科",
    ),
    _row(
        "03.06",
        "财政预决算",
        content="部门预算、决算信息",
        basis="《中华人民共和国政府信息公开条例》第二十条第（七）项",
        department="财务科",
    ),
    _row(
        "03.07",
        "环境监督检查",
        content="环境保护监督检查情况",
        basis="《中华人民共和国政府信息公开条例》第二十条第（十三）项",
        department="执法支队",
    ),
    _row(
        "03.08",
        "突发环境事件",
        content="突发环境事件应急预案、预警信息及应对情况",
        basis="《中华人民共和国政府信息公开条例》第二十条第（十二）项",
        department="应急科",
    ),
    _row(
        "03.09",
        "行政许可和管理服务事项",
        content="办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
        basis="《中华人民共和国政府信息公开条例》第二十条第（五）项",
        department="审批科",
    ),
    _row(
        "03.10",
        "行政处罚和行政强制",
        content="实施行政处罚、行政强制的依据、条件、程序以及本机关认为具有一定社会影响的行政处罚决定",
        basis="《中华人民共和国政府信息公开条例》第二十条第（六）项",
        department="执法支队",
    ),
    _row(
        "03.11",
        "行政事业性收费",
        content="行政事业性收费项目及其依据、标准",
        basis="《中华人民共和国政府信息公开条例》第二十条第（八）项",
        department="财务科",
    ),
    _row(
        "03.12",
        "政府集中采购",
        content="政府集中采购项目的目录、标准及实施情况",
        basis="《中华人民共和国政府信息公开条例》第二十条第（九）项",
        department="财务科",
    ),
    _row(
        "03.13",
        "公务员招考",
        content="公务员招考的职位、名额、报考条件等事项以及录用结果",
        basis="《中华人民共和国政府信息公开条例》第二十条第（十四）项",
        department="人事科",
    ),
    _row(
        "04",
        "政府信息公开年报",
        content="上一年度政府信息公开工作年度报告",
        basis="《中华人民共和国政府信息公开条例》第四十九条、第五十条",
        days=None,
        start="annual",
    ),
    _row(
        "05",
        "生态环境领域基层政务公开标准目录",
        content="生态环境领域基层政务公开标准指引（环办厅函〔2019〕672号）所列公开事项",
        basis="环办厅函〔2019〕672号",
    ),
    _row("05.01", "行政许可", basis="环办厅函〔2019〕672号", department="审批科"),
    _row(
        "05.01.01",
        "建设项目环境影响评价文件审批",
        content="受理环节：受理情况公示、报告书（表）全本；拟决定环节：拟审查环评文件基本情况公示；决定环节：环评批复",
        basis="《中华人民共和国环境影响评价法》《中华人民共和国海洋环境保护法》《中华人民共和国放射性污染防治法》"
        "《中华人民共和国政府信息公开条例》" + DOUBLE_PUBLICITY_BASIS,
        channels=CHANNELS_WEB,
        department="审批科",
        days=DOUBLE_PUBLICITY_DAYS,
    ),
    _row(
        "05.01.02",
        "防治污染设施拆除或闲置审批",
        content="企业或单位关闭、闲置、拆除工业固体废物污染环境防治设施、场所的核准结果；拆除、闲置环境噪声污染防治设施的"
        "审批结果；拆除闲置海洋工程环境保护设施的审批结果",
        basis="固体废物污染环境防治法、噪声污染防治法、海洋环境保护法、《中华人民共和国政府信息公开条例》、"
        "中办发〔2016〕8号、国办发〔2017〕42号" + DOUBLE_PUBLICITY_BASIS,
        channels=CHANNELS_WEB,
        department="审批科",
        days=DOUBLE_PUBLICITY_DAYS,
    ),
    _row(
        "05.01.03",
        "危险废物经营许可证",
        content="受理环节：受理通知书；拟决定环节：向有关部门和专家征求意见、决定前公示等；决定环节：危险废物经营许可证"
        "信息公示；送达环节：送达单",
        basis="固体废物污染环境防治法、《中华人民共和国政府信息公开条例》、《危险废物经营许可证管理办法》"
        + DOUBLE_PUBLICITY_BASIS,
        channels=CHANNELS_WEB,
        department="审批科",
        days=DOUBLE_PUBLICITY_DAYS,
    ),
    _row(
        "05.01.04",
        "排污许可证核发（新申请／延续）",
        content="基础信息；排污信息；防治污染设施的建设和运行情况；环评及其他环保许可情况；环境管理台账；排污许可证执行"
        "报告中的相关内容；其他",
        basis=PERMIT_LAWS + DOUBLE_PUBLICITY_BASIS,
        department="审批科",
        days=DOUBLE_PUBLICITY_DAYS,
    ),
    _row("05.02", "行政处罚行政强制和行政命令", basis="环办厅函〔2019〕672号", department="执法支队"),
    _row(
        "05.02.01",
        "行政处罚流程",
        content="行政处罚事先告知书；行政处罚听证通知书；处罚执行情况：同意分期（延期）缴纳罚款通知书、督促履行义务催告书、"
        "强制执行申请书等",
        basis=ENVIRONMENT_LAWS,
        start="request",
        channels=["精准推送"],
        audience="特定群体",
        method="依申请",
        department="执法支队",
    ),
    _row(
        "05.02.02",
        "行政处罚决定",
        content="行政处罚决定书（全文公开）",
        basis=ENVIRONMENT_LAWS + DOUBLE_PUBLICITY_BASIS,
        channels=CHANNELS_WEB,
        department="执法支队",
        days=DOUBLE_PUBLICITY_DAYS,
        replace_on_change=True,  # 行政处罚法 Art. 48: withdrawn with a reason, the corrected decision is new
    ),
    _row(
        "05.02.03",
        "行政强制流程",
        content="查封、扣押清单；查封（扣押）延期通知书；解除查封（扣押）决定书",
        basis=ENVIRONMENT_LAWS,
        start="request",
        channels=["精准推送"],
        audience="特定群体",
        method="依申请",
        department="执法支队",
    ),
    _row(
        "05.02.04",
        "行政强制决定",
        content="查封、扣押决定书（全文公开）",
        basis=ENVIRONMENT_LAWS,
        channels=CHANNELS_WEB,
        department="执法支队",
    ),
    _row(
        "05.03",
        "生态建设",
        content="生态文明建设示范区和“绿水青山就是金山银山”实践创新基地创建情况；农村环境综合整治情况；生物多样性保护相关信息",
        basis="《中华人民共和国政府信息公开条例》、中办发〔2016〕8号、国办发〔2017〕42号",
        department="自然生态科",
    ),
    _row("05.04", "公共服务事项", basis="环办厅函〔2019〕672号"),
    _row(
        "05.04.01",
        "生态环境保护政策与业务咨询",
        content="生态环境保护政策与业务咨询答复函",
        basis="《中华人民共和国环境保护法》《中华人民共和国政府信息公开条例》",
    ),
]

for _order, _item in enumerate(STANDARD_CATALOGUE, start=1):
    _item["order"] = _order * 10
