"""Word lists the generator draws from: places, sectors and their business, agency names.

Everything here is written for this project in the style of the genre; none of it is copied from a
real report. Place names are generic county/district names (many exist somewhere in China, none is
meant to point at a real body).
"""

from __future__ import annotations

from dataclasses import dataclass

PLACE_HEADS = "青云临安永长清宁平丰华嘉兴瑞泰和德新金宝东西南北明乐福远崇义恒江"
PLACE_TAILS = "川山河阳溪源宁江水城丰原台林泉州安乡平谷"
TOWN_NAMES = (
    "石桥",
    "柳营",
    "白沙",
    "马头",
    "桃园",
    "黄土坡",
    "双河",
    "龙泉",
    "杨柳",
    "东关",
    "高庄",
    "三岔",
    "枫林",
    "长岭",
    "河口",
    "凤凰",
    "梨树",
    "青石",
)


@dataclass(frozen=True)
class Sector:
    """A line of government business: agency name forms, how it refers to itself, what it does."""

    key: str
    names: tuple[str, ...]
    """Agency name suffixes (after the place), e.g. 卫生健康局."""
    business: tuple[str, ...]
    """Work only this sector does: naming it in another sector's report is contamination (C101)."""
    licensing: tuple[int, int]
    penalty: tuple[int, int]
    requests: str
    """Scale of applications: ``low``, ``mid`` or ``high``."""


SECTORS: tuple[Sector, ...] = (
    Sector(
        "health",
        ("卫生健康局", "卫生健康委员会"),
        ("家庭医生签约服务", "基本公共卫生服务项目", "公立医院综合改革", "医疗机构执业登记", "妇幼健康服务"),
        (20, 400),
        (0, 60),
        "mid",
    ),
    Sector(
        "hrss",
        ("人力资源和社会保障局",),
        ("社会保险待遇发放", "就业创业补贴申领", "劳动保障监察执法", "职业技能提升培训", "根治欠薪专项行动"),
        (10, 200),
        (0, 30),
        "mid",
    ),
    Sector(
        "education",
        ("教育局", "教育和体育局"),
        ("义务教育招生入学", "学前教育普惠发展", "学生资助政策落实", "中小学教师招聘", "校园食品安全管理"),
        (5, 120),
        (0, 10),
        "mid",
    ),
    Sector(
        "police",
        ("公安局",),
        ("户籍业务办理", "道路交通安全管理", "居民身份证办理", "出入境证件受理", "打击电信网络诈骗"),
        (200, 6000),
        (300, 9000),
        "high",
    ),
    Sector(
        "housing",
        ("住房和城乡建设局",),
        (
            "老旧小区改造",
            "保障性租赁住房筹集",
            "建筑工地扬尘治理",
            "城镇燃气安全排查",
            "住宅专项维修资金管理",
        ),
        (50, 900),
        (0, 80),
        "high",
    ),
    Sector(
        "culture",
        ("文化和旅游局", "文化广电和旅游局"),
        ("A级旅游景区创建", "公共文化服务体系建设", "文物保护利用", "旅游市场秩序整治", "非物质文化遗产传承"),
        (5, 150),
        (0, 25),
        "low",
    ),
    Sector(
        "statistics",
        ("统计局",),
        ("经济普查", "统计数据发布", "统计执法检查", "人口抽样调查", "统计调查项目管理"),
        (0, 5),
        (0, 6),
        "low",
    ),
    Sector(
        "market",
        ("市场监督管理局",),
        ("食品安全监督抽检", "经营主体登记注册", "特种设备安全监察", "价格监督检查", "知识产权保护"),
        (300, 5000),
        (20, 600),
        "mid",
    ),
    Sector(
        "land",
        ("自然资源局", "自然资源和规划局"),
        ("国土空间规划编制", "不动产登记", "耕地保护", "土地征收补偿", "矿产资源管理"),
        (50, 1500),
        (0, 60),
        "high",
    ),
    Sector(
        "agriculture",
        ("农业农村局",),
        ("高标准农田建设", "农机购置与应用补贴", "动物疫病防控", "农村宅基地管理", "农产品质量安全监管"),
        (20, 300),
        (0, 40),
        "low",
    ),
    Sector(
        "transport",
        ("交通运输局",),
        ("农村公路建设养护", "道路运输经营许可", "城乡公交线路优化", "网约车经营管理", "治超治限"),
        (100, 2000),
        (30, 800),
        "mid",
    ),
    Sector(
        "civil",
        ("民政局",),
        ("最低生活保障", "养老服务体系建设", "婚姻登记", "社会组织登记管理", "殡葬服务管理"),
        (5, 120),
        (0, 10),
        "mid",
    ),
)
SECTOR_BY_KEY = {s.key: s for s in SECTORS}

# Government-level and township bodies do the work of every sector, so naming a sector's business in
# their report is not contamination: their business list is the shared governance vocabulary.
GOVERNMENT_BUSINESS = ("优化营商环境", "乡村振兴", "民生实事项目", "重大建设项目", "财政预决算公开")


def self_reference(agency: str) -> tuple[str, str]:
    """Return (how `agency` refers to itself, a wrong but plausible alternative) for C102."""
    for suffix, ref, alt in (
        ("委员会", "我委", "我局"),
        ("街道办事处", "我街道", "我镇"),
        ("镇人民政府", "我镇", "我乡"),
        ("乡人民政府", "我乡", "我镇"),
        ("区人民政府", "我区", "我县"),
        ("县人民政府", "我县", "我区"),
        ("办公室", "我办", "我局"),
        ("局", "我局", "我委"),
    ):
        if agency.endswith(suffix):
            return ref, alt
    return "我单位", "我局"


PLATFORMS = (
    "政府门户网站政府信息公开专栏",
    "政府信息公开平台",
    "政务新媒体",
    "政务服务大厅公开专区",
    "微信公众号",
    "政务公开查阅点",
)
CONTENT_KINDS = ("政策文件", "工作动态", "通知公告", "人事信息", "财政预决算信息", "办事指南", "政策解读")
