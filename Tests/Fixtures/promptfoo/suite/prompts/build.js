module.exports = () => "hi";
