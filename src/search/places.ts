// Place names a staff member might ask about. A question that names a place the reports never mention
// (上海的房价, 北京的调解成功率) is about another region: the engine says "not in the reports" instead of
// quoting the nearest sentence about its own city. Names are matched as substrings of the question.

const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏',
  '宁夏', '新疆', '香港', '澳门',
];

const CITIES = [
  // 广东 (the reports' neighbours are the most likely confusion)
  '广州', '深圳', '珠海', '汕头', '佛山', '韶关', '湛江', '肇庆', '江门', '茂名', '惠州', '梅州', '汕尾', '河源', '阳江',
  '清远', '东莞', '中山', '潮州', '揭阳', '云浮',
  // provincial capitals and large cities elsewhere
  '石家庄', '太原', '呼和浩特', '沈阳', '大连', '长春', '哈尔滨', '南京', '苏州', '无锡', '杭州', '宁波', '温州', '合肥', '福州',
  '厦门', '泉州', '南昌', '济南', '青岛', '郑州', '武汉', '长沙', '南宁', '桂林', '海口', '三亚', '成都', '贵阳', '昆明', '拉萨',
  '西安', '兰州', '西宁', '银川', '乌鲁木齐', '雄安', '唐山', '保定', '烟台', '洛阳', '宜昌', '襄阳', '株洲', '柳州', '绵阳',
  '遵义', '大理', '丽江', '延安', '喀什',
  // abroad
  '纽约', '伦敦', '巴黎', '东京', '首尔', '新加坡', '美国', '英国', '法国', '日本', '韩国', '德国', '俄罗斯',
];

export const PLACE_NAMES: readonly string[] = [...new Set([...PROVINCES, ...CITIES])];
